"""The composer: SongSpec -> Score (form, harmony, parts by rule; the lead melody by a trained model)."""

from engine.compose.composer import allowed_pitch_classes, compose, plan_for_score, plan_song, write_part
from engine.compose.genres import GENRE_PROFILES, GenreProfile, genre_profile
from engine.compose.moods import MOOD_PROFILES, MoodProfile

__all__ = [
    "GENRE_PROFILES",
    "MOOD_PROFILES",
    "GenreProfile",
    "MoodProfile",
    "allowed_pitch_classes",
    "compose",
    "genre_profile",
    "plan_for_score",
    "plan_song",
    "write_part",
]

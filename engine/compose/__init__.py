"""The composer: SongSpec -> Score (rule-based; a trained model comes later)."""

from engine.compose.composer import allowed_pitch_classes, compose, plan_song
from engine.compose.genres import GENRE_PROFILES, MOOD_PROFILES, GenreProfile, MoodProfile, genre_profile

__all__ = [
    "GENRE_PROFILES",
    "MOOD_PROFILES",
    "GenreProfile",
    "MoodProfile",
    "allowed_pitch_classes",
    "compose",
    "genre_profile",
    "plan_song",
]

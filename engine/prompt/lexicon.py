"""The words a prompt is read with: genre and mood keywords, tempo words, instrument names and aliases.

Keyword weights: 3 = the genre's own name, 2 = a sub-genre or scene, 1 = a hint that other words may
overrule ("orchestral" is classical unless "trailer" says cinematic).
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.instruments import Role


@dataclass(frozen=True)
class GenreWord:
    genre: str
    weight: int
    tempo: int | None = None  # a sub-genre with a tempo of its own (drum and bass ≈ 174)


def _words(genre: str, weight: int, *phrases: str) -> dict[str, GenreWord]:
    return {p: GenreWord(genre, weight) for p in phrases}


GENRE_WORDS: dict[str, GenreWord] = {
    **_words("pop", 3, "pop", "pop song", "pop music"),
    **_words("pop", 2, "synth-pop", "synthpop", "k-pop", "j-pop", "indie pop", "dance-pop", "bubblegum"),
    **_words("pop", 1, "radio", "catchy", "ballad", "singalong", "chart"),
    **_words("rock", 3, "rock", "rock song", "rock and roll", "rock 'n' roll"),
    **_words(
        "rock", 2, "punk", "metal", "grunge", "hard rock", "indie rock", "alt rock", "garage rock", "shoegaze"
    ),
    **_words("rock", 1, "power ballad", "riff", "riffs", "guitar-driven", "stadium"),
    **_words("electronic", 3, "electronic", "edm", "electronica"),
    **_words(
        "electronic", 2, "house", "deep house", "trance", "synthwave", "electro", "club", "rave", "chiptune"
    ),
    **_words("electronic", 1, "dance", "dancefloor", "8-bit", "retro synth", "future bass"),
    "techno": GenreWord("electronic", 2, tempo=130),
    "dubstep": GenreWord("electronic", 2, tempo=140),
    "drum and bass": GenreWord("electronic", 2, tempo=174),
    "drum 'n' bass": GenreWord("electronic", 2, tempo=174),
    "drum n bass": GenreWord("electronic", 2, tempo=174),
    "dnb": GenreWord("electronic", 2, tempo=174),
    "jungle": GenreWord("electronic", 2, tempo=170),
    **_words("hip_hop", 3, "hip hop", "hip-hop", "hiphop", "rap"),
    **_words("hip_hop", 2, "r&b", "rnb", "grime", "drill", "rap beat", "cypher"),
    "trap": GenreWord("hip_hop", 2, tempo=140),
    "boom bap": GenreWord("hip_hop", 2, tempo=90),
    "boom-bap": GenreWord("hip_hop", 2, tempo=90),
    **_words("lofi", 3, "lo-fi", "lofi", "lo fi", "lo-fi hip hop", "lofi hip hop", "lo-fi hip-hop"),
    **_words("lofi", 2, "chillhop", "study beats", "beats to study", "chill beats", "lo-fi beats"),
    **_words("lofi", 1, "studying", "homework", "vinyl crackle", "dusty", "tape hiss"),
    **_words("jazz", 3, "jazz"),
    **_words("jazz", 2, "bebop", "swing", "big band", "bossa nova", "bossa", "smooth jazz", "cool jazz"),
    **_words("jazz", 1, "jazzy", "speakeasy", "lounge", "cocktail", "coffee shop", "cafe", "improvised"),
    **_words("classical", 3, "classical"),
    **_words(
        "classical",
        2,
        "symphony",
        "symphonic",
        "baroque",
        "chamber music",
        "string quartet",
        "sonata",
        "concerto",
        "nocturne",
        "etude",
        "minuet",
        "waltz",
        "fugue",
        "prelude",
    ),
    **_words("classical", 1, "orchestral", "orchestra", "concert hall", "mozart", "bach", "chopin"),
    **_words("ambient", 3, "ambient"),
    **_words("ambient", 2, "drone", "soundscape", "new age", "meditation", "sleep music", "spa"),
    **_words("ambient", 1, "atmospheric", "textures", "space music", "yoga"),
    **_words("folk", 3, "folk", "folk song"),
    **_words(
        "folk", 2, "country", "bluegrass", "celtic", "irish", "americana", "singer-songwriter", "campfire"
    ),
    **_words("folk", 1, "acoustic", "unplugged", "fireside", "pastoral"),
    **_words("funk", 3, "funk"),
    **_words("funk", 2, "disco", "soul", "motown", "p-funk", "neo-soul"),
    **_words("funk", 1, "funky", "groove", "groovy", "slap"),
    **_words("cinematic", 3, "cinematic", "film score", "movie score", "soundtrack", "trailer"),
    **_words("cinematic", 2, "film", "movie", "video game", "game music", "boss fight", "score"),
    **_words("cinematic", 1, "hans zimmer", "scene", "credits", "hero", "fanfare", "halloween", "horror"),
    **_words("blues", 3, "blues"),
    **_words("blues", 2, "12-bar", "twelve-bar", "delta blues", "chicago blues", "shuffle"),
    **_words("blues", 1, "bluesy", "juke joint", "slide guitar"),
}


MOOD_WORDS: dict[str, tuple[str, int]] = {
    **{w: ("happy", 2) for w in ("happy", "joyful", "cheerful", "uplifting", "feel-good", "feel good")},
    **{w: ("happy", 1) for w in ("sunny", "fun", "playful", "bright", "bouncy", "summer", "carefree")},
    **{w: ("sad", 2) for w in ("sad", "melancholic", "melancholy", "sorrowful", "heartbroken", "mournful")},
    **{w: ("sad", 1) for w in ("lonely", "tearful", "grief", "lost love", "longing", "bittersweet")},
    **{w: ("calm", 2) for w in ("calm", "relaxing", "peaceful", "soothing", "serene", "tranquil")},
    **{w: ("calm", 1) for w in ("chill", "mellow", "gentle", "relaxed", "studying", "focus", "sleep")},
    **{w: ("energetic", 2) for w in ("energetic", "high-energy", "high energy", "hype", "pumping")},
    **{w: ("energetic", 1) for w in ("driving", "intense", "powerful", "workout", "party", "aggressive")},
    **{w: ("dark", 2) for w in ("dark", "ominous", "sinister", "eerie", "spooky", "creepy", "menacing")},
    **{w: ("dark", 1) for w in ("haunting", "brooding", "gritty", "tense", "horror", "noir", "villain")},
    **{w: ("romantic", 2) for w in ("romantic", "love song", "sensual", "tender", "passionate")},
    **{w: ("romantic", 1) for w in ("love", "intimate", "wedding", "valentine", "sweet")},
    **{w: ("epic", 2) for w in ("epic", "heroic", "triumphant", "majestic", "anthemic")},
    **{w: ("epic", 1) for w in ("grand", "battle", "trailer", "victory", "huge")},
    **{w: ("dreamy", 2) for w in ("dreamy", "ethereal", "dreamlike", "hazy", "floaty")},
    **{w: ("dreamy", 1) for w in ("nostalgic", "wistful", "spacey", "floating", "shimmering", "lush")},
}


# Sentences the embedding model compares a prompt with when no keyword decides.
GENRE_DESCRIPTIONS: dict[str, tuple[str, ...]] = {
    "pop": (
        "a catchy radio pop song with a big chorus",
        "upbeat mainstream pop music",
        "a simple happy song you can sing along to",
    ),
    "rock": (
        "a rock song with electric guitars and loud drums",
        "heavy guitar riffs, a rock band playing live",
        "energetic punk rock with distorted guitars",
    ),
    "electronic": (
        "electronic dance music for the club",
        "a house track with synthesizers and a four-on-the-floor beat",
        "synth music made with drum machines",
    ),
    "hip_hop": (
        "a hip hop beat with heavy bass for rapping",
        "a trap beat with 808s and hi-hats",
        "urban street beat for a rapper",
    ),
    "lofi": (
        "chill lo-fi beats to study and relax to",
        "dusty mellow beat with vinyl crackle and jazzy chords",
        "quiet background music for homework on a rainy evening",
    ),
    "jazz": (
        "smooth jazz with saxophone and piano",
        "a swinging jazz trio in a late night club",
        "improvised jazz with walking bass",
    ),
    "classical": (
        "classical music for orchestra",
        "a piano sonata in the style of Mozart or Chopin",
        "a calm solo piano piece",
        "an elegant string quartet in a concert hall",
    ),
    "ambient": (
        "ambient soundscape with slow evolving pads",
        "calm meditative drones for sleep and relaxation",
        "floating atmospheric textures in space",
    ),
    "folk": (
        "acoustic folk song with guitar and fiddle",
        "country music around a campfire",
        "a simple traditional tune played on acoustic instruments",
    ),
    "funk": (
        "funky groove with slap bass and tight drums",
        "a disco dance track from the seventies",
        "soul music with a horn section and a groove",
    ),
    "cinematic": (
        "an epic movie soundtrack with orchestra and drums",
        "a film score for a dramatic scene",
        "music for a video game adventure or a trailer",
        "spooky horror movie music for halloween",
    ),
    "blues": (
        "a slow blues with electric guitar bends",
        "a twelve bar blues shuffle",
        "soulful blues in a smoky bar",
    ),
}

MOOD_DESCRIPTIONS: dict[str, tuple[str, ...]] = {
    "happy": (
        "happy cheerful joyful music",
        "a bright sunny feel-good tune",
        "playful fun and light",
        "a birthday party celebration with friends",
    ),
    "sad": (
        "sad melancholic music",
        "a heartbroken song about loss",
        "lonely tearful and sorrowful",
        "saying goodbye at a funeral",
    ),
    "calm": (
        "calm peaceful relaxing music",
        "gentle soothing and quiet",
        "mellow background music to focus",
        "a quiet evening by the fire",
    ),
    "energetic": (
        "energetic driving high energy music",
        "intense powerful music for a workout",
        "a loud party anthem",
    ),
    "dark": ("dark ominous sinister music", "creepy eerie horror atmosphere", "tense menacing and brooding"),
    "romantic": ("romantic love song", "tender intimate music for a couple", "a sweet passionate serenade"),
    "epic": ("epic heroic triumphant music", "grand majestic battle music", "a huge dramatic climax"),
    "dreamy": ("dreamy ethereal music", "hazy nostalgic floating sounds", "a soft wistful daydream"),
}


# Moods a genre leans to: a small bonus when the mood is chosen by meaning rather than by keyword.
GENRE_MOODS: dict[str, tuple[str, ...]] = {
    "pop": ("happy",),
    "rock": ("energetic",),
    "electronic": ("energetic",),
    "hip_hop": ("dark", "energetic"),
    "lofi": ("calm", "dreamy"),
    "jazz": ("calm", "romantic"),
    "classical": ("calm", "romantic"),
    "ambient": ("calm", "dreamy"),
    "folk": ("happy", "calm"),
    "funk": ("happy", "energetic"),
    "cinematic": ("epic", "dark"),
    "blues": ("sad",),
}
GENRE_MOOD_BONUS = 0.05

# Named ensembles: these instruments only ("a string quartet", "a jazz trio").
ENSEMBLE_WORDS: dict[str, tuple[tuple[str, Role], ...]] = {
    "string quartet": (("violin", Role.LEAD), ("viola", Role.COUNTER_MELODY), ("cello", Role.BASS)),
    "jazz trio": (
        ("jazz_drum_kit", Role.DRUMS),
        ("acoustic_bass", Role.BASS),
        ("acoustic_grand_piano", Role.CHORDS),
    ),
    "piano trio": (("acoustic_grand_piano", Role.CHORDS), ("violin", Role.LEAD), ("cello", Role.BASS)),
    "brass quintet": (
        ("trumpet", Role.LEAD),
        ("french_horn", Role.COUNTER_MELODY),
        ("trombone", Role.CHORDS),
        ("tuba", Role.BASS),
    ),
    "power trio": (
        ("power_drum_kit", Role.DRUMS),
        ("picked_electric_bass", Role.BASS),
        ("overdriven_guitar", Role.LEAD),
    ),
}

# Where "slow" or "fast" sit inside a genre's usual tempo range (BPM).
GENRE_TEMPO_RANGES: dict[str, tuple[int, int]] = {
    "pop": (90, 130),
    "rock": (100, 160),
    "electronic": (115, 135),
    "hip_hop": (70, 100),
    "lofi": (65, 92),
    "jazz": (80, 200),
    "classical": (60, 140),
    "ambient": (50, 90),
    "folk": (80, 130),
    "funk": (90, 120),
    "cinematic": (60, 140),
    "blues": (60, 130),
}

# Phrase -> fraction of the genre's range. Longer phrases are tried first.
TEMPO_WORDS: dict[str, float] = {
    "very slow": 0.0,
    "really slow": 0.0,
    "slow": 0.2,
    "slowly": 0.2,
    "slower": 0.2,
    "downtempo": 0.2,
    "laid-back": 0.35,
    "laid back": 0.35,
    "laidback": 0.35,
    "relaxed tempo": 0.35,
    "mid-tempo": 0.5,
    "midtempo": 0.5,
    "mid tempo": 0.5,
    "medium tempo": 0.5,
    "moderate": 0.5,
    "upbeat": 0.7,
    "up-tempo": 0.75,
    "uptempo": 0.75,
    "brisk": 0.75,
    "fast": 0.85,
    "quick": 0.85,
    "faster": 0.85,
    "very fast": 1.0,
    "really fast": 1.0,
    "frantic": 1.0,
}

# Tonic used when the prompt names none: a common key for the genre.
GENRE_DEFAULT_TONICS: dict[str, str] = {
    "pop": "C",
    "rock": "E",
    "electronic": "A",
    "hip_hop": "C#",
    "lofi": "D",
    "jazz": "F",
    "classical": "D",
    "ambient": "C",
    "folk": "G",
    "funk": "E",
    "cinematic": "D",
    "blues": "A",
}

DEFAULT_GENRE = "pop"
DEFAULT_MOOD = "happy"
DEFAULT_LENGTH_SECONDS = 60.0
SHORT_SECONDS = 30.0
LONG_SECONDS = 180.0
MAX_PROMPT_PARTS = 8  # enough for a full arrangement, well under SongSpec's MAX_PARTS


# Generic names whose instrument depends on the genre ("guitar" is distorted in rock, steel in folk).
GENERIC_DRUMS = "*drums"
GENERIC_BASS = "*bass"
GENERIC_GUITAR = "*guitar"

GENRE_DRUM_KITS: dict[str, str] = {
    "classical": "orchestral_percussion",
    "ambient": "brush_drum_kit",
}
GENRE_BASSES: dict[str, str] = {"classical": "cello", "ambient": "fretless_bass"}
GENRE_GUITARS: dict[str, str] = {
    "pop": "clean_electric_guitar",
    "rock": "overdriven_guitar",
    "electronic": "clean_electric_guitar",
    "hip_hop": "clean_electric_guitar",
    "lofi": "nylon_guitar",
    "jazz": "jazz_guitar",
    "classical": "nylon_guitar",
    "ambient": "clean_electric_guitar",
    "folk": "steel_guitar",
    "funk": "muted_electric_guitar",
    "cinematic": "steel_guitar",
    "blues": "clean_electric_guitar",
}


@dataclass(frozen=True)
class InstrumentWord:
    slug: str  # an instrument slug, or one of the GENERIC_* names
    role: Role | None = None  # None: the instrument's default role


def _same(slug: str, *phrases: str, role: Role | None = None) -> dict[str, InstrumentWord]:
    return {p: InstrumentWord(slug, role) for p in phrases}


INSTRUMENT_WORDS: dict[str, InstrumentWord] = {
    # drums
    **_same(GENERIC_DRUMS, "drums", "drum kit", "drum", "drumkit", "kit", "percussion", "beat", "beats"),
    **_same(
        "brush_drum_kit",
        "vinyl drums",
        "lofi drums",
        "lo-fi drums",
        "dusty drums",
        "brushes",
        "brush drums",
        "brushed drums",
        "brush kit",
    ),
    **_same("tr_808_drum_kit", "808", "808s", "tr-808", "808 drums", "trap drums"),
    **_same("electronic_drum_kit", "drum machine", "electronic drums", "909", "edm drums", "synth drums"),
    **_same("jazz_drum_kit", "jazz drums", "jazz kit"),
    **_same("power_drum_kit", "rock drums", "power drums", "big drums", "heavy drums"),
    **_same("room_drum_kit", "live drums", "acoustic drums", "room drums"),
    **_same("standard_drum_kit", "standard drums", "pop drums", "boom bap drums", "funk drums"),
    **_same("orchestral_percussion", "orchestral percussion", "orchestral drums", "cymbals"),
    # keys
    **_same("acoustic_grand_piano", "piano", "grand piano", "acoustic piano", "keys", "pianos"),
    **_same("bright_acoustic_piano", "bright piano", "upright piano"),
    **_same("honky_tonk_piano", "honky-tonk piano", "honky tonk piano", "saloon piano"),
    **_same(
        "electric_piano_1_rhodes",
        "rhodes",
        "fender rhodes",
        "e-piano",
        "epiano",
        "electric piano",
        "rhodes piano",
    ),
    **_same("electric_piano_2", "wurlitzer", "wurli", "dx7 piano", "fm piano"),
    **_same("harpsichord", "harpsichord"),
    **_same("clavinet", "clavinet", "clav"),
    **_same("celesta", "celesta", "celeste"),
    **_same("glockenspiel", "glockenspiel", "glock"),
    **_same("music_box", "music box"),
    **_same("vibraphone", "vibraphone", "vibes"),
    **_same("marimba", "marimba"),
    **_same("xylophone", "xylophone"),
    **_same("tubular_bells", "tubular bells", "bells", "chimes"),
    **_same("drawbar_organ", "organ", "hammond", "hammond organ", "b3", "b-3"),
    **_same("church_organ", "church organ", "pipe organ", "cathedral organ"),
    **_same("rock_organ", "rock organ"),
    **_same("accordion", "accordion"),
    **_same("harmonica", "harmonica", "blues harp", "mouth organ"),
    # guitars
    **_same(GENERIC_GUITAR, "guitar", "guitars"),
    **_same("steel_guitar", "acoustic guitar", "acoustic guitars", "steel-string guitar", "steel guitar"),
    **_same("nylon_guitar", "nylon guitar", "classical guitar", "spanish guitar", "flamenco guitar"),
    **_same("jazz_guitar", "jazz guitar", "hollow-body guitar"),
    **_same("clean_electric_guitar", "electric guitar", "clean guitar", "electric guitars", "slide guitar"),
    **_same("muted_electric_guitar", "muted guitar", "palm-muted guitar", "funk guitar", "funky guitar"),
    **_same("overdriven_guitar", "overdriven guitar", "crunchy guitar", "crunch guitar"),
    **_same("distortion_guitar", "distorted guitar", "distortion guitar", "heavy guitar", "metal guitar"),
    # basses
    **_same(GENERIC_BASS, "bass", "bass guitar", "bassline", "bass line"),
    **_same("acoustic_bass", "upright bass", "double bass", "acoustic bass", "walking bass", "jazz bass"),
    **_same("fingered_electric_bass", "electric bass", "fingered bass"),
    **_same("picked_electric_bass", "picked bass"),
    **_same("fretless_bass", "fretless bass", "fretless"),
    **_same("slap_bass_1", "slap bass", "slapped bass"),
    **_same("synth_bass_1", "synth bass", "bass synth", "synth-bass", "moog bass", "reese bass"),
    **_same("synth_bass_2", "808 bass", "sub bass", "sub-bass", "808 sub"),
    # strings and orchestra
    **_same(
        "string_ensemble_1", "strings", "string section", "string ensemble", "orchestral strings", "string"
    ),
    **_same("synth_strings_1", "synth strings"),
    **_same("tremolo_strings", "tremolo strings"),
    **_same("pizzicato_strings", "pizzicato", "pizzicato strings", "plucked strings"),
    **_same("violin", "violin", "violins"),
    **_same("viola", "viola"),
    **_same("cello", "cello", "cellos", "violoncello"),
    **_same("contrabass", "contrabass"),
    **_same("orchestral_harp", "harp", "orchestral harp", "harps"),
    **_same("timpani", "timpani", "kettle drums", "kettledrums"),
    **_same("orchestra_hit", "orchestra hit", "orchestra hits", "orch hit"),
    # voices
    **_same("choir_aahs", "choir", "choirs", "choral", "chorus of voices", "chant"),
    **_same("voice_oohs", "voices", "vocal pad", "oohs", "vocals", "voice", "humming"),
    **_same("synth_voice", "synth voice", "vocal chops", "vocoder"),
    # brass
    **_same("brass_section", "brass", "brass section", "horns", "horn section"),
    **_same("french_horn", "french horn", "horn", "french horns"),
    **_same("trumpet", "trumpet", "trumpets"),
    **_same("muted_trumpet", "muted trumpet"),
    **_same("trombone", "trombone", "trombones"),
    **_same("tuba", "tuba"),
    **_same("synth_brass_1", "synth brass"),
    # reeds and pipes
    **_same("tenor_sax", "sax", "saxophone", "tenor sax", "tenor saxophone", "saxes"),
    **_same("alto_sax", "alto sax", "alto saxophone"),
    **_same("soprano_sax", "soprano sax", "soprano saxophone"),
    **_same("baritone_sax", "baritone sax", "bari sax", "baritone saxophone"),
    **_same("clarinet", "clarinet"),
    **_same("oboe", "oboe"),
    **_same("english_horn", "english horn", "cor anglais"),
    **_same("bassoon", "bassoon"),
    **_same("flute", "flute", "flutes"),
    **_same("piccolo", "piccolo"),
    **_same("recorder", "recorder"),
    **_same("pan_flute", "pan flute", "panpipes", "pan pipes"),
    **_same("shakuhachi", "shakuhachi"),
    **_same("whistle", "whistle", "tin whistle", "whistling"),
    **_same("ocarina", "ocarina"),
    # synths
    **_same("sawtooth_lead", "synth lead", "lead synth", "saw lead", "sawtooth"),
    **_same("square_lead", "square lead", "chiptune lead", "8-bit lead"),
    **_same("square_lead", "arp", "arps", "arpeggiator", "synth arp", role=Role.ARPEGGIO),
    **_same("polysynth_pad", "synth", "synths", "synthesizer", "synthesizers", "polysynth"),
    **_same("warm_pad", "pad", "pads", "synth pad", "synth pads", "warm pad"),
    **_same("new_age_pad", "ambient pad", "new age pad"),
    **_same("halo_pad", "halo pad", "airy pad"),
    **_same("choir_pad", "choir pad"),
    **_same("atmosphere_fx", "atmospherics"),
    # world and plucked
    **_same("sitar", "sitar"),
    **_same("banjo", "banjo"),
    **_same("shamisen", "shamisen"),
    **_same("koto", "koto"),
    **_same("kalimba", "kalimba", "thumb piano", "mbira"),
    **_same("bagpipe", "bagpipes", "bagpipe"),
    **_same("fiddle", "fiddle", "fiddles"),
    **_same("steel_drums", "steel drums", "steel drum", "steel pan"),
    **_same("taiko_drum", "taiko", "taiko drums"),
    **_same("dulcimer", "dulcimer"),
}

# Words that, next to an instrument, say which role it plays.
ROLE_WORDS: dict[str, Role] = {
    "lead": Role.LEAD,
    "melody": Role.LEAD,
    "lead melody": Role.LEAD,
    "melodies": Role.LEAD,
    "solo": Role.LEAD,
    "solos": Role.LEAD,
    "bass": Role.BASS,
    "bassline": Role.BASS,
    "bass line": Role.BASS,
    "pad": Role.PAD,
    "pads": Role.PAD,
    "chords": Role.CHORDS,
    "comping": Role.CHORDS,
    "rhythm": Role.CHORDS,
    "arpeggio": Role.ARPEGGIO,
    "arpeggios": Role.ARPEGGIO,
    "arpeggiated": Role.ARPEGGIO,
    "arps": Role.ARPEGGIO,
    "arp": Role.ARPEGGIO,
    "counter-melody": Role.COUNTER_MELODY,
    "countermelody": Role.COUNTER_MELODY,
    "counter melody": Role.COUNTER_MELODY,
}

"""The text prompt: a sentence such as "slow lo-fi with rhodes" -> a SongSpec draft the user can adjust."""

from engine.prompt.interpret import PROMPT_MAX_CHARS, PromptResult, interpret_prompt

__all__ = ["PROMPT_MAX_CHARS", "PromptResult", "interpret_prompt"]

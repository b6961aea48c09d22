"""Music-AI-Generator engine: pure Python, no Django."""

"""The LLM and what it reads: backends, the packaged model, prompt states, prompts, the budget, follow-ups."""

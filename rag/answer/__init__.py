"""The answer path: a question in context (`Asking`) and the strategies that answer it, tried in order (`sequence`)."""

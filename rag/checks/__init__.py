"""What an answer must pass: every figure in the passage it cites, citations re-pointed, quotes, the retry policy."""

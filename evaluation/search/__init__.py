"""The search-relevance evaluation set: tune.toml, test.toml and their scorer (see README.md)."""

"""The chat service every entry point uses: HTTP, OpenAI-compatible API, CLI and the bots."""

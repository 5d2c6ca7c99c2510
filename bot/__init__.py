"""TechBridge delivery: answer engine, HTTP API, chat widget, messaging-app adapters and CLI."""

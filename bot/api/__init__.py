"""HTTP routers: thin (parse -> service -> format); their docstrings become the OpenAPI descriptions."""

"""The HTTP entry point: the Starlette app, its middleware, the upload route and the exports."""

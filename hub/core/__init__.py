"""The ground every layer stands on: error types, settings and the shared domain vocabulary.

Connectors may import only this package of the hub.
"""

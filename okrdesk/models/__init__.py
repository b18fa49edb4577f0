"""The Qt-free model: the strategy file, domain operations, graph projections and health rules."""

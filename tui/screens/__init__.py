"""One module per screen; `places.build_screen` maps a course place id to its screen."""

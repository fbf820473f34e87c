"""The page-text helper the privacy tests search: identifiers out, every shown text in."""

from tests.apptest_text import _IDENTIFIER_FIELD

PROTO = '''id: "$$ID-17313291410aa-dp_confirm_215a9ed9"
label: "张三 13812345678"
url: "/mock/media/17313291410ffee.xlsx"
page_script_hash: "1002d43036311451a9c30c1b2a0262c7"
deferred_file_id: "9416635a3828454a8f4af4363598a065"
body: "id: \\"13912345678\\""
'''


def test_identifier_fields_are_dropped_and_shown_text_is_kept():
    kept = _IDENTIFIER_FIELD.sub("", PROTO)
    assert "17313291410" not in kept and "1002d430" not in kept
    assert "9416635a" not in kept  # the download button's random file id, which failed a CI run
    assert 'label: "张三 13812345678"' in kept  # a label is text on screen: a phone there must still be found
    assert "13912345678" in kept  # a body that merely quotes "id:" is text too

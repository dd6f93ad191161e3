"""Splitting an item's office list off its text, with the published lists' bracket faults."""

from __future__ import annotations

import pytest

from portboard.core.edition.office_list import split_office_list

KNOWN = {"口岸管理处", "洋山办", "浦东(浦江)办", "浦东(浦江)", "通关处"}


def known(name: str) -> bool:
    return name.replace("（", "(").replace("）", ")") in KNOWN


@pytest.mark.parametrize("line, text, offices, repairs", [
    ("推进工作。(口岸管理处、洋山办)", "推进工作。", ["口岸管理处", "洋山办"], []),
    ("推进工作。（口岸管理处、浦东（浦江）办）", "推进工作。", ["口岸管理处", "浦东（浦江）办"], []),
    ("推进工作。(口岸管理处、"
     "浦东(浦江)办))", "推进工作。", ["口岸管理处", "浦东(浦江)办"], ['原文处室列表末尾多一个")"']),
    ("推进工作。(浦东(浦江)办", "推进工作。", ["浦东(浦江)办"], ['原文处室列表缺少结尾的")"']),
    ("推进工作。口岸管理处、洋山办)", "推进工作。", ["口岸管理处", "洋山办"], ['原文处室列表缺少开头的"("']),
    ("推进工作。洋山办", "推进工作。", ["洋山办"], ['原文处室列表缺少结尾的")"', '原文处室列表缺少开头的"("']),
    ("推进工作。(洋山办、浦东(浦江)", "推进工作。", ["洋山办", "浦东(浦江)"], ['原文处室列表缺少结尾的")"']),
    # no full stop before the list; brackets inside the text are left alone
    ("打造“邮轮(游船)+船供”新平台(洋山办)", "打造“邮轮(游船)+船供”新平台", ["洋山办"], []),
    ("落实《办法(暂行)》(口岸管理处)", "落实《办法(暂行)》", ["口岸管理处"], []),
    # a full stop after the list stays with the text
    ("推进工作(口岸管理处)。", "推进工作。", ["口岸管理处"], []),
    # an office the vocabulary does not know yet, recognised by how office names end
    ("推进工作。(口岸管理处、综合处)", "推进工作。", ["口岸管理处", "综合处"], []),
])
def test_lists_are_found_and_repairs_named(line: str, text: str, offices: list[str], repairs: list[str]):
    found = split_office_list(line, known)

    assert found is not None
    assert (found.text, found.spellings, found.repairs) == (text, offices, repairs)


@pytest.mark.parametrize("line", [
    "推进工作,做好总结。",            # no list at all
    "落实《口岸准入退出管理办法(暂行)》",  # a bracket that holds no office
    "(口岸管理处)",                   # a list with no text before it
    "推进工作。做好总结",              # the last sentence is not an office
])
def test_no_list_is_found_where_there_is_none(line: str):
    assert split_office_list(line, known) is None

"""Text from the source goes into the YAML as data: every value reads back as written."""

from __future__ import annotations

import pytest
import yaml

from portboard.core.edition.emit import flow_list, scalar

TRICKY = ["yes", "No", "null", "~", "1.0", "3.1", "0x1F", "2023-04-05", "- 一", "? 问", "a: b", "a:b", "#注",
          "甲 #乙", "'引号'", '"引号"', "[列表]", "{映射}", "甲,乙", "&锚", "*别名", "!标签", "|", ">", "%指令",
          "@", "`", " 前有空格", "后有空格 ", "制表\t符", "行\u2028分隔", "结尾冒号:", "浦东(浦江)办", "“单一窗口”",
          "E2、E4泊位", "", "全角：冒号"]


@pytest.mark.parametrize("value", TRICKY)
def test_a_value_reads_back_the_same(value: str):
    assert yaml.safe_load(f"key: {scalar(value)}\n") == {"key": value}
    assert yaml.safe_load(f"key: {flow_list([value, '洋山办'])}\n") == {"key": [value, "洋山办"]}


def test_plain_chinese_stays_plain():
    assert scalar("推进口岸布局进一步优化。") == "推进口岸布局进一步优化。"
    assert scalar("2023年市商务委口岸工作任务书") == "2023年市商务委口岸工作任务书"
    assert flow_list(["口岸管理处", "浦东(浦江)办"]) == "[口岸管理处, 浦东(浦江)办]"

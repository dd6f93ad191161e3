"""taskbook.yaml → a validated TaskBook, every problem reported with its line.

- `loading`: reading the file and its top level (schema, document), PyYAML's errors.
- `vocabulary`: the marker legend and the office vocabulary.
- `structure`: sections → tasks → items.
- `schedule`: the plan's window, the lights' thresholds and the deadlines (`due:`).
"""

from portboard.core.taskbook.loading import SCHEMA_VERSION, load_taskbook, parse_taskbook

__all__ = ["SCHEMA_VERSION", "load_taskbook", "parse_taskbook"]

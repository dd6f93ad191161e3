"""The board benchmark's parts, each readable on its own (run it with benchmarks/bench.py).

- `measure`: clocks, peak memory, the paint probe, statistics.
- `child`: what runs inside each measured process (portboard or the minimal app).
- `data`: the real and the synthetic task book, and the boards made from them.
- `scenarios`: the parent's measurements: start-ups, interactive sessions, sync.
- `report`: the table of figures against targets.
- `bytecode`: start portboard from cached bytecode, as on a user's machine (all the benchmarks).
"""

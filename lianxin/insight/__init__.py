"""民意分析: suggestions for staff computed from citizens' messages, offline on the CPU.

So far: the first-level category classifier (`classifier`), its versioned model files (`model_files`),
the suggestion function staff screens call (`suggest`), and the commands `python -m
lianxin.insight.train` and `python -m lianxin.insight.evaluate`. Nothing here needs the database.
"""

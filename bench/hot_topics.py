"""How long 民意热点 takes to compute, on the real hot-spot messages (hotspots.csv).

A harness, not a test. It does what `lianxin.analysis.hot.compute` does after reading the rows:
cluster (`insight.topics.find_topics`) the first N messages of hotspots.csv in time order, for a
few N, then de-identify what is shown (`hot._shown`); then the time of a cached hit.
Run from the repository root:

    DJANGO_SETTINGS_MODULE=lianxin.settings.test .venv/bin/python bench/hot_topics.py \
        --messages /path/to/citizen-messages
"""

import argparse
import os
import pickle
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", default=os.environ.get("LIANXIN_CITIZEN_MESSAGES", ""))
    arguments = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lianxin.settings.test")
    import django

    django.setup()
    from lianxin.analysis import hot
    from lianxin.insight import topics
    from lianxin.insight.analysis_evaluation import HOTSPOTS_FILE, _moment, _read

    rows = sorted(_read(Path(arguments.messages) / HOTSPOTS_FILE), key=lambda r: _moment(r["留言时间"]))
    print(f"load average: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    for n in (500, 1000, 2000, len(rows)):
        chosen = rows[:n]
        started = time.perf_counter()
        cpu = time.process_time()
        messages = [
            topics.Message(
                key=r["留言编号"],
                title=r["留言主题"].strip(),
                body=r["留言详情"].strip(),
                at=_moment(r["留言时间"]),
            )
            for r in chosen
        ]
        found = topics.find_topics(messages, limit=hot.TOP_TOPICS)
        before_masking = time.process_time()
        shown = [hot._shown(i, t, {}) for i, t in enumerate(found, 1)]
        masked = time.process_time() - before_masking
        print(
            f"{n:>5} messages: {time.perf_counter() - started:6.2f} s wall, "
            f"{time.process_time() - cpu:6.2f} s CPU"
            f" (of which de-identifying what is shown {masked:.2f} s); top topic {found[0].count} messages"
        )
    result = hot.HotTopics(
        topics=shown,
        opinions=n,
        truncated=False,
        computed_at=None,
    )
    blob = pickle.dumps(result)
    started = time.perf_counter()
    for _ in range(1000):
        pickle.loads(blob)
    print(f"cached result: {len(blob)} bytes, unpickled in {(time.perf_counter() - started):.3f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Records what b4 assembles from each thread of a local mbox, for tests/test_mail/b4.rs.

    pip install b4==0.16.0
    python3 tests/data/b4_answers.py ../shared/corpus/mail/linux-leds-2026.mbox \
        > tests/data/b4-linux-leds-2026.json

For every thread (b4.get_strict_thread, as `b4 am -m MBOX MSGID` selects it), the thread's
Message-IDs and the series b4.LoreMailbox.get_series() returns: version, expected count, cover
letter, patches by index, and the follow-up trailers b4 collected for each (name, value, and the
Message-ID of the reply they came from), with the sender mismatches it refused.
"""
import json
import logging
import sys

import b4

b4.can_network = False
logging.disable(logging.CRITICAL)


def trailers(lmsg):
    if lmsg is None:
        return []
    return [[t.name, t.value, t.lmsg.msgid if t.lmsg else None] for t in lmsg.followup_trailers]


def main(path):
    msgs = b4.get_msgs_from_mailbox_or_maildir(path)
    done = set()
    out = []
    for msg in msgs:
        msgid = b4.LoreMessage.get_clean_msgid(msg)
        if not msgid or msgid in done:
            continue
        thread = b4.get_strict_thread(msgs, msgid) or []
        ids = [b4.LoreMessage.get_clean_msgid(m) for m in thread]
        done.update(ids)
        lmbx = b4.LoreMailbox()
        for m in thread:
            lmbx.add_message(m)
        lser = lmbx.get_series(codereview_trailers=False)
        entry = {"thread": msgid, "messages": ids, "series": None}
        if lser is not None:
            cover = lser.patches[0]
            entry["series"] = {
                "version": lser.revision,
                "expected": lser.expected,
                "versions": sorted(lmbx.series.keys()),
                "cover": cover.msgid if cover else None,
                "cover_followups": trailers(cover),
                "patches": [
                    None if p is None else {"index": i, "msgid": p.msgid, "followups": trailers(p)}
                    for i, p in enumerate(lser.patches[1:], 1)
                ],
                "mismatches": sorted([list(x) for x in lser.trailer_mismatches]),
            }
        out.append(entry)
    json.dump(out, sys.stdout, indent=0, ensure_ascii=False)
    print()


main(sys.argv[1])

"""Saved conversations in SQLite: turns in order, titles, rename, delete, and a reopened file keeps them."""

import pytest

from store.conversations import TITLE_MAX_CHARS, Conversations


def test_turns_come_back_in_order_after_the_file_is_reopened(tmp_path):
    path = tmp_path / "conversations.sqlite3"
    saved = Conversations(path)
    first = saved.start()
    saved.append(first.conversation_id, "营业收入是多少？", '{"text": "949.15亿元[1]"}')
    saved.append(first.conversation_id, "同比增长多少？", '{"text": "11.10%[1]"}')
    saved.close()
    reopened = Conversations(path)
    turns = reopened.turns(first.conversation_id)
    assert [turn.question for turn in turns] == ["营业收入是多少？", "同比增长多少？"]
    assert turns[1].record == '{"text": "11.10%[1]"}'
    [info] = reopened.list()
    assert info.title == "营业收入是多少？" and info.n_turns == 2 and info.updated_at >= info.created_at


def test_the_last_changed_conversation_is_listed_first_and_a_long_title_is_cut(tmp_path):
    saved = Conversations(tmp_path / "c.sqlite3")
    older, newer = saved.start("older"), saved.start("newer")
    saved.append(older.conversation_id, "x" * 200, "{}")
    assert [info.title for info in saved.list()] == ["older", "newer"]
    untitled = saved.start()
    saved.append(untitled.conversation_id, "问" * 200, "{}")
    title = saved.info(untitled.conversation_id).title
    assert len(title) == TITLE_MAX_CHARS and title.endswith("…")


def test_rename_and_delete_say_whether_the_conversation_was_there(tmp_path):
    saved = Conversations(tmp_path / "c.sqlite3")
    info = saved.start("draft")
    assert saved.rename(info.conversation_id, "  茅台 2020  年报 ")
    assert saved.info(info.conversation_id).title == "茅台 2020 年报"
    assert saved.delete(info.conversation_id) and not saved.delete(info.conversation_id)
    assert not saved.rename(info.conversation_id, "again") and saved.turns(info.conversation_id) == []
    assert saved.info(info.conversation_id) is None
    with pytest.raises(KeyError):
        saved.append(info.conversation_id, "q", "{}")

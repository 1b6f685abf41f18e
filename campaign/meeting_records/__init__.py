"""The meeting record (学习会议记录) as a Word file, made from a study session as it was entered.

Units used to write each session three times: in the backend, in the 汇总表 and in the record
they file. The record is now made from the session: `word` writes one document, `names` names
the files, `archive` streams many of them as a ZIP, and `views` serves both.
"""

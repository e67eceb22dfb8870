"""The ICP filing domain, pure Python: no aiogram, no SQL.

Everything that decides what an applicant is asked, what is accepted and what happens next lives
here, so it can be tested alone and reused by another front end.
"""

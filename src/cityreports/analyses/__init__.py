"""Corpus analyses: themes, formulations, keyness, kwic, rhetoric, speakers, trends."""

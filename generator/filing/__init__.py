"""`prongsai file`: a folder of documents in, the year's OIT evidence proposed.

    read.read_document(path)              → Text (lines of a PDF text layer, Word, Excel; a scan's name)
    recognise.recognise(text, catalogue)  → Choice (item, how sure, the words that decided)
    when.time_of(text)                    → When (signing date, fiscal year, period covered)
    propose.propose(folder, catalogue)    → Proposal (one Filing per document)
    apply.apply(proposal, data_dir)       → files copied under files/<year>/, oit/<year>.yaml merged
    edited.ProposalFile(…).read()         → the proposal file as staff corrected it, checked, for --apply
    cli.register(commands)                → the `prongsai file` command

How each item is recognised is data: the `recognise` words of the year's catalogue
(generator/catalogues/ita-<year>.yaml). See docs/filing.md.
"""


def cli_main(argv: list[str] | None = None) -> int:
    """`prongsai file …` without the rest of the command line (for tests and scripts)."""
    from .cli import main

    return main(argv)

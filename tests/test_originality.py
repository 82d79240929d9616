"""The brief is in its own words: no unquoted run of eight words from the reviewed paper."""

from __future__ import annotations

from scripts.tools import originality

# A stand-in for the paper, so the rules can be tested on text of our own.
PAPER = ("Para pegawai negeri sering ditekan oleh kepala daerah yang mencalonkan diri kembali "
         "dalam pemilihan, dan tekanan itu datang lewat mutasi jabatan.")
COPIED = "ditekan oleh kepala daerah yang mencalonkan diri kembali dalam pemilihan"


def test_the_committed_pages_share_no_run_with_the_paper():
    runs = originality.check_pages(originality.ROOT / "docs", originality.load_fingerprint())
    assert runs == [], "\n".join(run.message() for run in runs)


def test_the_real_fingerprint_catches_the_papers_own_words():
    # The paper's title, as plain prose rather than an italic title, is a run of its words.
    page = "Intro.\n\nPenyalahgunaan Peran Aparatur Sipil Negara (ASN) dalam Electoral " \
           "Misconduct pada Pilkada di Indonesia.\n"
    runs = originality.shared_runs(page, "docs/x.md", originality.load_fingerprint())
    assert [run.line for run in runs] == [3]


def test_a_copied_clause_is_reported_with_its_file_and_line():
    hashes = originality.fingerprint(PAPER)
    page = f"---\ntitle: X\n---\n\n# Judul\n\nMenurut laporan, pegawai {COPIED} tahun lalu.\n"
    runs = originality.shared_runs(page, "docs/x.md", hashes)
    assert len(runs) == 1
    assert runs[0].line == 7
    assert runs[0].text == COPIED.lower()
    assert runs[0].message().startswith('docs/x.md:7: "ditekan oleh')
    assert "Fix:" in runs[0].message()


def test_a_run_one_word_short_is_not_reported():
    hashes = originality.fingerprint(PAPER)
    short = " ".join(COPIED.split()[: originality.RUN_WORDS - 1])
    assert originality.shared_runs(f"Lalu {short} saja.", "docs/x.md", hashes) == []


def test_quotes_italic_titles_code_and_front_matter_are_not_counted():
    hashes = originality.fingerprint(PAPER)
    pages = [
        f'Mereka menulis bahwa pegawai "{COPIED}" [@regif2023penyalahgunaan].',
        f"Mereka menulis bahwa pegawai “{COPIED}”.",
        f"Lihat buku *{COPIED}* (2020).",
        f"Lihat buku *{' '.join(COPIED.split()[:5])}\n{' '.join(COPIED.split()[5:])}* (2020).",
        f"Kode `{COPIED}`.",
        f"---\ndescription: {COPIED}\n---\n\nTeks.",
    ]
    for page in pages:
        assert originality.shared_runs(page, "docs/x.md", hashes) == [], page


def test_the_command_names_the_page_and_fails(tmp_path, capsys, monkeypatch):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "ok.md").write_text("Kalimat kami sendiri.\n", encoding="utf-8")
    (docs / "copied.md").write_text(f"# Salin\n\nPegawai {COPIED}.\n", encoding="utf-8")
    (docs / "referensi.md").write_text(f"{COPIED}\n", encoding="utf-8")  # exempt by design
    monkeypatch.setattr(originality, "load_fingerprint",
                        lambda: originality.fingerprint(PAPER))
    assert originality.main(["--docs", str(docs)]) == 1
    errors = capsys.readouterr().err.splitlines()
    assert len(errors) == 1 and errors[0].startswith("docs/copied.md:3: ")

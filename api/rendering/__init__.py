"""One renderer per format for what the assistant answers: Slack's Block Kit (`slack`), the
web's HTML (`html`) and the terminal's text (`terminal`), each a function of the `Answer`;
the sources and route labels they share (`sources`) and Markdown's text dialects
(`markdown_text`) are written once. Import the module of the format you render (importing
this package loads none of them)."""

__all__: list[str] = []

"""Block Kit builders: intake options as buttons or a select, the "Enviar a DER" button."""

from __future__ import annotations

from api.slack import blocks


def _options(count: int) -> str:
    lines = "\n".join(f"  {n}. Opción {n}" for n in range(1, count + 1))
    return f"Paso 3 de 6: Alineación.\nOpciones (escriba el número o el nombre):\n{lines}"


def test_few_options_become_buttons_and_many_a_select() -> None:
    few = blocks.intake_blocks(_options(3))
    assert [e["action_id"] for e in few[1]["elements"]] == [
        "ficha_opcion_1",
        "ficha_opcion_2",
        "ficha_opcion_3",
    ]
    many = blocks.intake_blocks(_options(12))
    select = many[1]["elements"][0]
    assert select["type"] == "static_select" and len(select["options"]) == 12
    assert select["options"][11] == {
        "text": {"type": "plain_text", "text": "Opción 12"},
        "value": "12",
    }


def test_the_confirmation_offers_enviar_a_der() -> None:
    confirm = blocks.intake_blocks("¿Envío la ficha a la DER? Responda «enviar» (o «sí»).")
    assert confirm[-1]["elements"][0]["action_id"] == "ficha_enviar"
    assert blocks.intake_blocks("Paso 1 de 6: Nombre.")[1:] == []


def test_text_is_escaped_and_shortened_for_slack() -> None:
    assert blocks.escape("a < b & c > d") == "a &lt; b &amp; c &gt; d"
    cut = blocks.shorten("palabra " * 100, 50)
    assert len(cut) <= 50 and cut.endswith("…")

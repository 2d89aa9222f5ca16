# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re
from collections import namedtuple

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
NOT_ALNUM = re.compile(r"[^0-9A-Z]")
SEPARATORS = set("-/._ ")

SEGMENT_SOURCES = [
    ("family", "Part Family"),
    ("component", "Component Category"),
    ("device_model", "Device Model"),
    ("device_family", "Device Family"),
    ("variant", "Variant"),
    ("sequence", "Sequence Number"),
    ("fixed", "Fixed Text"),
]
CHECK_METHODS = [
    ("none", "None"),
    ("iso7064", "ISO 7064 MOD 37,36"),
    ("luhn", "Luhn mod 36"),
]

SegmentSpec = namedtuple("SegmentSpec", "source width pad separator fixed label")


# ------------------------------------------------------------
# Check characters (alphabet 0-9A-Z)
# ------------------------------------------------------------


def _iso7064_checksum(value, alphabet=ALPHABET):
    modulus = len(alphabet)
    check = modulus // 2
    for char in value:
        check = (((check or modulus) * 2) % (modulus + 1) + alphabet.index(char)) % modulus
    return check


def iso7064_check_char(value, alphabet=ALPHABET):
    """Check character of ISO 7064 MOD 37,36 (hybrid system): detects every
    single mistyped character and most swaps of neighbours."""
    modulus = len(alphabet)
    checksum = _iso7064_checksum(value, alphabet)
    return alphabet[(1 - ((checksum or modulus) * 2) % (modulus + 1)) % modulus]


def iso7064_is_valid(value, alphabet=ALPHABET):
    return bool(value) and _iso7064_checksum(value, alphabet) == 1


def _luhn_sum(value, alphabet, double_first):
    modulus = len(alphabet)
    factor = 2 if double_first else 1
    total = 0
    for char in reversed(value):
        addend = factor * alphabet.index(char)
        factor = 1 if factor == 2 else 2
        total += addend // modulus + addend % modulus
    return total % modulus


def luhn_check_char(value, alphabet=ALPHABET):
    """Check character of the Luhn mod N algorithm (N = size of the alphabet)."""
    modulus = len(alphabet)
    return alphabet[(modulus - _luhn_sum(value, alphabet, True)) % modulus]


def luhn_is_valid(value, alphabet=ALPHABET):
    return bool(value) and _luhn_sum(value, alphabet, False) == 0


CHECK_FUNCTIONS = {
    "iso7064": (iso7064_check_char, iso7064_is_valid),
    "luhn": (luhn_check_char, luhn_is_valid),
}


def normalize_code_text(value):
    """Upper-case letters and digits of ``value`` (what a segment can hold)."""
    return NOT_ALNUM.sub("", (value or "").upper())


class AftersalesPartCodeScheme(models.Model):
    """How part codes are built: ordered segments taken from the part's
    attributes, a sequence per prefix and an optional check character."""

    _name = "aftersales.part.code.scheme"
    _description = "Spare Part Code Scheme"
    _inherit = ["mail.thread"]
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(
        default=10, help="The first active scheme of a company is its default scheme."
    )
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        default=lambda self: self.env.company,
        tracking=True,
        help="Leave empty to share the scheme between companies.",
    )
    segment_ids = fields.One2many(
        comodel_name="aftersales.part.code.segment",
        inverse_name="scheme_id",
        string="Segments",
        copy=True,
    )
    check_method = fields.Selection(
        selection=CHECK_METHODS,
        string="Check Character",
        required=True,
        default="iso7064",
        tracking=True,
        help="A last character computed from the others, so that a mistyped code is detected.",
    )
    check_separator = fields.Char(
        default="",
        help="Written between the code and its check character (may be empty).",
    )
    family_ids = fields.One2many(
        comodel_name="aftersales.part.family",
        inverse_name="code_scheme_id",
        string="Part Families",
    )
    counter_ids = fields.One2many(
        comodel_name="aftersales.part.code.counter",
        inverse_name="scheme_id",
        string="Counters",
    )
    example_code = fields.Char(
        compute="_compute_example_code", help="What a code of this scheme looks like."
    )
    note = fields.Html()

    # ------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------

    @api.depends(
        "segment_ids.source",
        "segment_ids.width",
        "segment_ids.pad_char",
        "segment_ids.separator",
        "segment_ids.fixed_value",
        "check_method",
        "check_separator",
    )
    def _compute_example_code(self):
        samples = {
            "family": "MOTOR",
            "component": "ELECTRICAL",
            "device_model": "WM800X",
            "device_family": "WASHERS",
            "variant": "A1",
        }
        for scheme in self:
            specs = scheme._segment_specs()
            if not specs:
                scheme.example_code = False
                continue
            texts = [
                scheme._fit_text(
                    spec, spec.fixed if spec.source == "fixed" else samples.get(spec.source, "")
                )
                for spec in specs
            ]
            scheme.example_code = scheme._compose_code(specs, texts, 1, raise_overflow=False)

    # ------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------

    @api.constrains("segment_ids", "check_separator")
    def _check_segments(self):
        for scheme in self:
            sequence_count = len(scheme.segment_ids.filtered(lambda s: s.source == "sequence"))
            if sequence_count != 1:
                raise ValidationError(
                    self.env._(
                        "Code scheme %(name)s needs exactly one Sequence Number segment "
                        "(it has %(count)s): the sequence keeps two parts with the same "
                        "attributes apart.",
                        name=scheme.name,
                        count=sequence_count,
                    )
                )
            if scheme.check_separator and not set(scheme.check_separator) <= SEPARATORS:
                raise ValidationError(
                    self.env._(
                        "Code scheme %(name)s: the check separator may only use - / . _ "
                        "or a space.",
                        name=scheme.name,
                    )
                )

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_view_counters(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Counters of %(scheme)s", scheme=self.name),
            "res_model": "aftersales.part.code.counter",
            "view_mode": "list",
            "domain": [("scheme_id", "=", self.id)],
        }

    # ------------------------------------------------------------
    # Code building
    # ------------------------------------------------------------

    @api.model
    def _get_default_scheme(self, company):
        return self.search(
            [("company_id", "in", [company.id, False])], order="company_id, sequence, id", limit=1
        )

    def _segment_specs(self):
        """The segments as plain tuples, so that coding thousands of parts does
        not touch the ORM once per part and segment."""
        self.ensure_one()
        labels = dict(
            self.env["aftersales.part.code.segment"]
            ._fields["source"]
            ._description_selection(self.env)
        )
        return [
            SegmentSpec(
                segment.source,
                segment.width,
                normalize_code_text(segment.pad_char)[:1] or "0",
                segment.separator or "",
                normalize_code_text(segment.fixed_value),
                labels.get(segment.source, segment.source),
            )
            for segment in self.segment_ids.sorted(lambda s: (s.sequence, s.id))
        ]

    @api.model
    def _fit_text(self, spec, value):
        text = normalize_code_text(value)[: spec.width]
        return text.ljust(spec.width, spec.pad)

    def _segment_texts(self, specs, product):
        """Texts of ``product``'s segments (the sequence left out) and the
        labels of the attributes the part lacks."""
        template = product.product_tmpl_id
        texts = []
        missing = []
        for spec in specs:
            source = spec.source
            if source == "sequence":
                texts.append(None)
                continue
            if source == "fixed":
                value = spec.fixed
            elif source == "family":
                value = template.part_family_id.code
            elif source == "component":
                value = template.part_component_id.code
            elif source == "device_model":
                value = template.code_device_model_id.code
            elif source == "device_family":
                model = template.code_device_model_id
                value = (model.parent_id or model).code
            else:  # variant: optional, padded when empty
                value = product._part_variant_value()
            if source != "variant" and not value:
                missing.append(spec.label)
            texts.append(self._fit_text(spec, value))
        return texts, missing

    def _prefix(self, specs, texts):
        """Key of the counter: the code with the sequence left as #."""
        return "".join(
            ("#" * spec.width if text is None else text) + spec.separator
            for spec, text in zip(specs, texts, strict=True)
        ).rstrip("".join(SEPARATORS))

    def _compose_code(self, specs, texts, number, raise_overflow=True):
        self.ensure_one()
        pieces = []
        last = len(specs) - 1
        for index, (spec, text) in enumerate(zip(specs, texts, strict=True)):
            if text is None:
                text = str(number).zfill(spec.width)
                if len(text) > spec.width:
                    if raise_overflow:
                        raise UserError(
                            self.env._(
                                "Code scheme %(scheme)s has used up its %(width)s-digit "
                                "sequence for the codes %(prefix)s: widen its Sequence Number "
                                "segment.",
                                scheme=self.name,
                                width=spec.width,
                                prefix=self._prefix(specs, texts),
                            )
                        )
                    text = text[-spec.width :]
            pieces.append(text)
            if index != last:
                pieces.append(spec.separator)
        code = "".join(pieces)
        if self.check_method != "none":
            compute_char = CHECK_FUNCTIONS[self.check_method][0]
            code += (self.check_separator or "") + compute_char(normalize_code_text(code))
        return code

    def _code_regex(self):
        self.ensure_one()
        specs = self._segment_specs()
        parts = []
        last = len(specs) - 1
        for index, spec in enumerate(specs):
            if spec.source == "fixed":
                parts.append(re.escape(self._fit_text(spec, spec.fixed)))
            elif spec.source == "sequence":
                parts.append(f"[0-9]{{{spec.width}}}")
            else:
                parts.append(f"[0-9A-Z]{{{spec.width}}}")
            if index != last:
                parts.append(re.escape(spec.separator))
        if self.check_method != "none":
            parts.append(re.escape(self.check_separator or "") + "[0-9A-Z]")
        return re.compile("^" + "".join(parts) + "$")

    def _check_code(self, code):
        """'valid', 'invalid' (the layout of the scheme but a wrong check
        character: mistyped) or 'foreign' (not a code of this scheme)."""
        self.ensure_one()
        if not code or not self._code_regex().match(code):
            return "foreign"
        if self.check_method == "none":
            return "valid"
        is_valid = CHECK_FUNCTIONS[self.check_method][1]
        return "valid" if is_valid(normalize_code_text(code)) else "invalid"

    def _expected_code(self, code):
        """``code`` with the check character it should have."""
        self.ensure_one()
        if self.check_method == "none" or not code:
            return code
        body = code[: -1 - len(self.check_separator or "")]
        compute_char = CHECK_FUNCTIONS[self.check_method][0]
        return body + (self.check_separator or "") + compute_char(normalize_code_text(body))

    # ------------------------------------------------------------
    # Counters
    # ------------------------------------------------------------

    @api.model
    def _reserve_numbers(self, wanted):
        """Reserve ``count`` numbers for each ``(scheme_id, prefix): count`` of
        ``wanted`` in one statement and return ``{(scheme_id, prefix):
        first_number}``. The upsert locks each counter row until the end of the
        transaction, in a fixed order, so concurrent coders wait for each other
        instead of drawing the same numbers."""
        if not wanted:
            return {}
        keys = sorted(wanted)
        counter_model = self.env["aftersales.part.code.counter"]
        counter_model.flush_model()
        now = self.env.cr.now()
        rows = self.env.execute_query(
            SQL(
                """
                INSERT INTO aftersales_part_code_counter AS counter
                       (scheme_id, prefix, last_number,
                        create_uid, create_date, write_uid, write_date)
                SELECT wanted.scheme_id, wanted.prefix, wanted.quantity,
                       %(uid)s, %(now)s, %(uid)s, %(now)s
                  FROM unnest(%(scheme_ids)s::int[], %(prefixes)s::varchar[],
                              %(quantities)s::int[]) AS wanted(scheme_id, prefix, quantity)
              ORDER BY wanted.scheme_id, wanted.prefix
                    ON CONFLICT (scheme_id, prefix) DO UPDATE
                   SET last_number = counter.last_number + EXCLUDED.last_number,
                       write_uid = EXCLUDED.write_uid,
                       write_date = EXCLUDED.write_date
             RETURNING counter.scheme_id, counter.prefix, counter.last_number
                """,
                uid=self.env.uid,
                now=now,
                scheme_ids=[key[0] for key in keys],
                prefixes=[key[1] for key in keys],
                quantities=[wanted[key] for key in keys],
            )
        )
        counter_model.invalidate_model(["last_number", "write_uid", "write_date"])
        return {
            (scheme_id, prefix): last - wanted[(scheme_id, prefix)] + 1
            for scheme_id, prefix, last in rows
        }

    @api.model
    def _peek_numbers(self, wanted):
        """First numbers the next reservation would give (for previews)."""
        if not wanted:
            return {}
        counters = self.env["aftersales.part.code.counter"].search_fetch(
            [
                ("scheme_id", "in", list({key[0] for key in wanted})),
                ("prefix", "in", list({key[1] for key in wanted})),
            ],
            ["scheme_id", "prefix", "last_number"],
        )
        last = {(c.scheme_id.id, c.prefix): c.last_number for c in counters}
        return {key: last.get(key, 0) + 1 for key in wanted}


class AftersalesPartCodeSegment(models.Model):
    """One segment of a part code: where its text comes from and its width."""

    _name = "aftersales.part.code.segment"
    _description = "Spare Part Code Segment"
    _order = "scheme_id, sequence, id"

    scheme_id = fields.Many2one(
        comodel_name="aftersales.part.code.scheme",
        required=True,
        ondelete="cascade",
        index=True,
    )
    sequence = fields.Integer(default=10)
    source = fields.Selection(selection=SEGMENT_SOURCES, required=True, default="family")
    width = fields.Integer(
        required=True, default=3, help="Number of characters; longer values are cut."
    )
    pad_char = fields.Char(
        string="Padding",
        default="0",
        size=1,
        help="Fills shorter values up to the width (the sequence is always padded with 0).",
    )
    separator = fields.Char(
        default="-", help="Written after this segment (ignored after the last one)."
    )
    fixed_value = fields.Char(help="The text of a Fixed Text segment.")

    _sql_constraints = [
        (
            "width_range",
            "CHECK(width BETWEEN 1 AND 12)",
            "A code segment is 1 to 12 characters wide.",
        ),
    ]

    @api.constrains("source", "fixed_value", "pad_char", "separator")
    def _check_values(self):
        for segment in self:
            if segment.source == "fixed" and not normalize_code_text(segment.fixed_value):
                raise ValidationError(
                    self.env._(
                        "Code scheme %(scheme)s: a Fixed Text segment needs its text "
                        "(letters and digits).",
                        scheme=segment.scheme_id.name,
                    )
                )
            if segment.pad_char and not normalize_code_text(segment.pad_char):
                raise ValidationError(
                    self.env._(
                        "Code scheme %(scheme)s: the padding character must be a letter or "
                        "a digit.",
                        scheme=segment.scheme_id.name,
                    )
                )
            if segment.separator and not set(segment.separator) <= SEPARATORS:
                raise ValidationError(
                    self.env._(
                        "Code scheme %(scheme)s: a separator may only use - / . _ or a "
                        "space, not %(separator)s.",
                        scheme=segment.scheme_id.name,
                        separator=segment.separator,
                    )
                )


class AftersalesPartCodeCounter(models.Model):
    """Last number drawn for one prefix of a scheme."""

    _name = "aftersales.part.code.counter"
    _description = "Spare Part Code Counter"
    _order = "scheme_id, prefix"
    _rec_name = "prefix"

    scheme_id = fields.Many2one(
        comodel_name="aftersales.part.code.scheme",
        required=True,
        ondelete="cascade",
        index=True,
    )
    prefix = fields.Char(required=True, readonly=True)
    last_number = fields.Integer(readonly=True)

    _sql_constraints = [
        (
            "scheme_prefix_unique",
            "UNIQUE(scheme_id, prefix)",
            "A scheme has one counter per prefix.",
        ),
    ]

# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools import split_every

MANAGER_GROUP = "aftersales_reception.group_aftersales_manager"


class ProductProduct(models.Model):
    _inherit = "product.product"

    part_code_key = fields.Char(
        compute="_compute_part_code_key",
        store=True,
        help="Company and code of a spare part: unique in the database.",
    )
    part_code_history_ids = fields.One2many(
        comodel_name="aftersales.part.code.history",
        inverse_name="product_id",
        string="Former Codes",
    )

    _sql_constraints = [
        (
            "part_code_key_unique",
            "UNIQUE(part_code_key)",
            "This part code is already used by another spare part of the company.",
        ),
    ]

    @staticmethod
    def _aftersales_code_key(company_id, code):
        """The value of ``part_code_key`` for ``code`` in a company (or none)."""
        return f"{company_id or 0}/{code}"

    @api.depends("default_code", "product_tmpl_id.is_spare_part", "product_tmpl_id.company_id")
    def _compute_part_code_key(self):
        for product in self:
            if product.is_spare_part and product.default_code:
                product.part_code_key = self._aftersales_code_key(
                    product.product_tmpl_id.company_id.id, product.default_code
                )
            else:
                product.part_code_key = False

    # ------------------------------------------------------------
    # Search
    # ------------------------------------------------------------

    @api.model
    def _search_display_name(self, operator, value):
        domain = super()._search_display_name(operator, value)
        if value and operator in ("ilike", "=ilike", "=", "like"):
            domain = expression.OR([domain, [("part_code_history_ids.code", operator, value)]])
        return domain

    @api.model
    def name_search(self, name="", args=None, operator="ilike", limit=100):
        device_model_id = self.env.context.get("aftersales_fit_device_model_id")
        if isinstance(device_model_id, int) and device_model_id:
            # the parts fitting the unit under repair come first
            device_model = self.env["aftersales.device.model"].browse(device_model_id).exists()
            fitting = self.with_context(aftersales_fit_device_model_id=False).name_search(
                name,
                expression.AND([args or [], device_model._fitting_parts_domain()]),
                operator,
                limit,
            )
            if limit and len(fitting) >= limit:
                return fitting
            others = self.with_context(aftersales_fit_device_model_id=False).name_search(
                name,
                expression.AND([args or [], [("id", "not in", [pid for pid, _n in fitting])]]),
                operator,
                limit and limit - len(fitting),
            )
            return fitting + others
        result = super().name_search(name, args, operator, limit)
        if (
            name
            and operator in ("ilike", "=ilike", "=", "like")
            and (not limit or len(result) < limit)
        ):
            found = {product_id for product_id, _name in result}
            domain = expression.AND(
                [
                    args or [],
                    [("part_code_history_ids.code", operator, name), ("id", "not in", list(found))],
                ]
            )
            extra = self.search_fetch(domain, ["display_name"], limit=limit and limit - len(result))
            result += [(product.id, product.display_name) for product in extra.sudo()]
        return result

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        self._aftersales_check_new_codes(vals_list)
        products = super().create(vals_list)
        if not self.env.context.get("aftersales_defer_part_coding"):
            products._aftersales_check_typed_codes()
            products.filtered(
                lambda p: p.is_spare_part and not p.default_code
            )._aftersales_code_new_parts()
        return products

    def write(self, vals):
        history_vals = []
        typed = "default_code" in vals and not self.env.context.get("aftersales_part_coding")
        if typed:
            new_code = vals["default_code"] or False
            changed = self.filtered(
                lambda p: p.is_spare_part and p.default_code and p.default_code != new_code
            )
            self._aftersales_check_code_free(new_code)
            if changed:
                changed._aftersales_ensure_can_change_code()
                history_vals = [
                    {
                        "product_id": product.id,
                        "code": product.default_code,
                        "new_code": new_code,
                        "reason": self.env._("Changed by hand"),
                    }
                    for product in changed
                ]
        res = super().write(vals)
        if typed:
            self._aftersales_check_typed_codes()
        if history_vals:
            self.env["aftersales.part.code.history"].create(history_vals)
        return res

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_regenerate_part_code(self):
        """Give the parts a new code from their scheme; the old one is kept."""
        parts = self.filtered("is_spare_part")
        if not parts:
            raise UserError(
                self.env._("Only spare parts get a structured code: tick Spare Part first.")
            )
        parts._aftersales_ensure_can_change_code()
        result = parts._aftersales_assign_part_codes(
            regenerate=True, reason=self.env._("Code regenerated")
        )
        if result["problems"]:
            problems = "\n".join(
                f"- {self.browse(pid).display_name}: {problem}"
                for pid, problem in result["problems"].items()
            )
            raise UserError(
                self.env._("These parts could not be coded:\n%(problems)s", problems=problems)
            )
        return True

    def action_view_part_code_history(self):
        self.ensure_one()
        return self.product_tmpl_id.action_view_part_code_history()

    # ------------------------------------------------------------
    # Part codes
    # ------------------------------------------------------------

    def _aftersales_ensure_can_change_code(self):
        if self.env.su or self.env.user.has_group(MANAGER_GROUP):
            return
        raise AccessError(
            self.env._(
                "Only an after-sales manager can change the code of a coded spare part "
                "(the former code stays searchable).\nConcerned part(s):\n%(parts)s",
                parts="\n".join(self.mapped("display_name")),
            )
        )

    def _part_variant_value(self):
        """Text of the Variant segment: the part's variant code, else the
        initials of its attribute values."""
        self.ensure_one()
        if self.part_variant_code:
            return self.part_variant_code
        return "".join(
            (value.name or "")[:1] for value in self.product_template_attribute_value_ids
        )

    def _aftersales_check_code_free(self, code):
        """Refuse, before writing it, a code another spare part of the same
        company already has (the database refuses it too, less clearly)."""
        parts = self.filtered("is_spare_part")
        if not code or not parts:
            return
        keys = {}
        for product in parts:
            key = self._aftersales_code_key(product.product_tmpl_id.company_id.id, code)
            if key in keys:
                raise ValidationError(
                    self.env._(
                        "Parts %(first)s and %(second)s cannot both have the code %(code)s: "
                        "codes of spare parts are unique per company.",
                        first=keys[key].display_name,
                        second=product.display_name,
                        code=code,
                    )
                )
            keys[key] = product
        self._aftersales_raise_if_taken(list(keys))

    @api.model
    def _aftersales_check_new_codes(self, vals_list):
        """Same as :meth:`_aftersales_check_code_free` for products being created."""
        template_model = self.env["product.template"]
        keys = {}
        for vals in vals_list:
            code = vals.get("default_code")
            template = template_model.browse(vals.get("product_tmpl_id"))
            if not code or not vals.get("is_spare_part", template.is_spare_part):
                continue
            key = self._aftersales_code_key(vals.get("company_id", template.company_id.id), code)
            if key in keys:
                raise ValidationError(
                    self.env._(
                        "Two new parts cannot both have the code %(code)s: codes of spare "
                        "parts are unique per company.",
                        code=code,
                    )
                )
            keys[key] = code
        self._aftersales_raise_if_taken(list(keys))

    def _aftersales_raise_if_taken(self, keys):
        """Refuse the part code keys ``keys`` when another part holds one."""
        if not keys:
            return
        other = (
            self.env["product.product"]
            .sudo()
            .with_context(active_test=False)
            .search([("part_code_key", "in", keys), ("id", "not in", self.ids)], limit=1)
        )
        if other:
            raise ValidationError(
                self.env._(
                    "The code %(code)s is already used by the spare part %(other)s: codes of "
                    "spare parts are unique per company. Choose another code, or generate one.",
                    code=other.default_code,
                    other=other.display_name,
                )
            )

    def _aftersales_check_typed_codes(self):
        """Codes typed by hand (or imported) that have the layout of the
        part's scheme must have a valid check character."""
        for product in self.filtered(lambda p: p.is_spare_part and p.default_code):
            scheme = product.part_code_scheme_id
            if scheme and scheme._check_code(product.default_code) == "invalid":
                raise ValidationError(
                    self.env._(
                        "The code %(code)s of %(part)s has the layout of the code scheme "
                        "%(scheme)s but a wrong check character: it is probably mistyped "
                        "(a valid code would be %(expected)s).",
                        code=product.default_code,
                        part=product.name,
                        scheme=scheme.name,
                        expected=scheme._expected_code(product.default_code),
                    )
                )

    def _aftersales_code_new_parts(self):
        """Code new spare parts whose attributes are complete; the others stay
        uncoded until they are completed and coded in bulk."""
        if self:
            self._aftersales_assign_part_codes()

    def _aftersales_compute_part_codes(self, reserve=True):
        """Codes of the parts of ``self``: ``(codes, problems)`` mapping product
        ids to a code or to the reason it cannot be coded. With ``reserve``,
        the sequence numbers are drawn (one statement for the whole batch);
        without, the next free numbers are only read (preview)."""
        scheme_model = self.env["aftersales.part.code.scheme"]
        problems = {}
        defaults = {}
        by_scheme = {}
        for product in self:
            template = product.product_tmpl_id
            scheme = template.part_family_id.code_scheme_id
            if not scheme:
                company = template.company_id or self.env.company
                if company.id not in defaults:
                    defaults[company.id] = scheme_model._get_default_scheme(company)
                scheme = defaults[company.id]
            if not scheme:
                problems[product.id] = self.env._(
                    "no code scheme: create one in the After-Sales configuration"
                )
                continue
            by_scheme.setdefault(scheme, []).append(product)
        wanted = {}
        pending = []
        for scheme, products in by_scheme.items():
            specs = scheme._segment_specs()
            for product in products:
                texts, missing = scheme._segment_texts(specs, product)
                if missing:
                    problems[product.id] = self.env._(
                        "missing %(attributes)s", attributes=", ".join(missing)
                    )
                    continue
                key = (scheme.id, scheme._prefix(specs, texts))
                wanted[key] = wanted.get(key, 0) + 1
                pending.append((product, scheme, specs, texts, key))
        if reserve:
            numbers = scheme_model._reserve_numbers(wanted)
        else:
            numbers = scheme_model._peek_numbers(wanted)
        codes = {}
        for product, scheme, specs, texts, key in pending:
            number = numbers[key]
            numbers[key] = number + 1
            codes[product.id] = scheme._compose_code(specs, texts, number)
        return codes, problems

    def _aftersales_assign_part_codes(self, regenerate=False, reason=None, batch_size=5000):
        """Code the parts of ``self`` in batches: per batch, the attributes are
        read with prefetching, the sequence numbers reserved in one statement
        per scheme and prefix set, and the codes written with grouped UPDATEs.
        Parts that already have a code are skipped unless ``regenerate``.
        Returns ``{"coded": product ids, "problems": {id: reason}}``."""
        self.check_access("write")
        coded = []
        problems = {}
        history_model = self.env["aftersales.part.code.history"]
        for batch_ids in split_every(batch_size, self.ids):
            products = self.browse(batch_ids).filtered(
                lambda p, regenerate=regenerate: (
                    p.is_spare_part and (regenerate or not p.default_code)
                )
            )
            codes, batch_problems = products._aftersales_compute_part_codes()
            problems.update(batch_problems)
            taken = products._aftersales_taken_codes(codes)
            for product_id, other in taken.items():
                problems[product_id] = self.env._(
                    "code %(code)s is already used by %(other)s",
                    code=codes.pop(product_id),
                    other=other,
                )
            if regenerate:
                history_model.create(
                    [
                        {
                            "product_id": product.id,
                            "code": product.default_code,
                            "new_code": codes[product.id],
                            "reason": reason,
                        }
                        for product in products
                        if product.id in codes and product.default_code
                    ]
                )
            # rights were checked above for the whole batch; write record by
            # record (one value each) and let the ORM group the UPDATEs
            writer = products.sudo().with_context(aftersales_part_coding=True)
            for product in writer:
                code = codes.get(product.id)
                if code:
                    product.write({"default_code": code})
            self.env.flush_all()
            coded += list(codes)
            if len(self) > batch_size:
                # keep the memory flat on big runs
                self.env.invalidate_all()
        return {"coded": coded, "problems": problems}

    def _aftersales_taken_codes(self, codes):
        """{product id: display name of the other part} for the ``codes``
        already used by other parts of the same company."""
        if not codes:
            return {}
        key_of = {}
        for product in self:
            if product.id in codes:
                key = self._aftersales_code_key(
                    product.product_tmpl_id.company_id.id, codes[product.id]
                )
                key_of[key] = product.id
        others = (
            self.sudo()
            .with_context(active_test=False)
            .search_fetch(
                [("part_code_key", "in", list(key_of)), ("id", "not in", self.ids)],
                ["part_code_key", "display_name"],
            )
        )
        return {key_of[other.part_code_key]: other.display_name for other in others}

    def action_view_fitting_parts(self):
        self.ensure_one()
        return self.product_tmpl_id.action_view_fitting_parts()

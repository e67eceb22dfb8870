"""Validators for the answers of a filing (rules §2.5–§2.7).

Each `check_*` takes the text as typed, normalizes it and returns the value to store, or raises
`dialogs.messages.Invalid` with the message id (in `locales/*/validation.ftl`) that tells the
applicant what is wrong. Checks are idempotent: a stored value passes its check unchanged.
"""

from dialogs.validation.contact import (
    check_email,
    check_landline,
    check_mobile,
    check_phone,
    mask_phone,
    mobile_province,
)
from dialogs.validation.dates import (
    check_validity_end,
    check_validity_start,
    months_after,
    parse_date,
)
from dialogs.validation.domains import (
    check_domain,
    check_domain_list,
    check_home_url,
    display_domain,
)
from dialogs.validation.filing_number import (
    FilingNumber,
    check_site_number,
    check_subject_number,
    parse_filing_number,
)
from dialogs.validation.ids import (
    ResidentId,
    age_on,
    check_id_number,
    check_org_code,
    check_residence_permit,
    check_resident_id,
    check_uscc,
    mask_id,
    parse_resident_id,
    uscc_province_code,
)
from dialogs.validation.site_name import check_site_name

__all__ = [
    "FilingNumber",
    "ResidentId",
    "age_on",
    "check_domain",
    "check_domain_list",
    "check_email",
    "check_home_url",
    "check_id_number",
    "check_landline",
    "check_mobile",
    "check_org_code",
    "check_phone",
    "check_residence_permit",
    "check_resident_id",
    "check_site_name",
    "check_site_number",
    "check_subject_number",
    "check_uscc",
    "check_validity_end",
    "check_validity_start",
    "display_domain",
    "mask_id",
    "mask_phone",
    "mobile_province",
    "months_after",
    "parse_date",
    "parse_filing_number",
    "parse_resident_id",
    "uscc_province_code",
]

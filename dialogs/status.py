"""Filing statuses (rules §3) and filing types (rules §1)."""

from __future__ import annotations

from enum import StrEnum


class FilingStatus(StrEnum):
    DRAFT = "draft"  # 待完善
    SUBMITTED = "submitted"  # 待初审
    REJECTED_INITIAL = "rejected_initial"  # 初审驳回
    VERIFYING = "verifying"  # 真实性核验
    TO_AUTHORITY = "to_authority"  # 待提交管局
    SMS_PENDING = "sms_pending"  # 短信核验中
    SMS_EXPIRED = "sms_expired"  # 短信核验超时
    AUTHORITY_REVIEW = "authority_review"  # 管局审核中
    REJECTED_AUTHORITY = "rejected_authority"  # 管局驳回
    APPROVED = "approved"  # 已备案
    CANCELLED = "cancelled"  # the applicant discarded the draft (/cancel)


# Statuses in which the applicant's answers may change.
EDITABLE = frozenset(
    {
        FilingStatus.DRAFT,
        FilingStatus.REJECTED_INITIAL,
        FilingStatus.REJECTED_AUTHORITY,
        FilingStatus.SMS_EXPIRED,
    }
)

# A filing "in flight" blocks another filing for the same organizer or domain (主办者冲突/域名冲突).
IN_FLIGHT = frozenset(
    {
        FilingStatus.SUBMITTED,
        FilingStatus.REJECTED_INITIAL,
        FilingStatus.VERIFYING,
        FilingStatus.TO_AUTHORITY,
        FilingStatus.SMS_PENDING,
        FilingStatus.SMS_EXPIRED,
        FilingStatus.AUTHORITY_REVIEW,
        FilingStatus.REJECTED_AUTHORITY,
    }
)

# Statuses after which the applicant may start a new filing without finishing this one.
FINISHED = frozenset({FilingStatus.APPROVED, FilingStatus.CANCELLED})


class FilingType(StrEnum):
    FIRST = "first"  # 首次备案
    NEW_SITE = "new_site"  # 新增网站
    NEW_ACCESS = "new_access"  # 新增接入

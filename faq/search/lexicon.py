"""What search knows of the language before any admin adds a synonym: a glossary of how
customers of an SMS service write in Chinese, each entry a group with the English words the
articles use, and the reading of Chinese text into those entries.

Chinese is written without spaces, so a run of Chinese characters is cut into the longest
glossary entries it contains ("短信收不到" → "短信" "收不到"); characters no entry covers are left
out. The English words of each entry then stand for it twice: as synonyms for the full-text
match, and in the text given to the (English) embedding model, so that a Chinese query finds the
English article by meaning as well as by words.

These groups are language, not site content, so they are always in force; the admin's synonym
groups (faq.models.Synonym) are added to them.
"""
from __future__ import annotations

import re

# Each group: English words as the articles write them first, then the Chinese ways to say it.
CHINESE_GLOSSARY: tuple[str, ...] = (
    "sms, 短信, 短消息, 信息, 消息",
    "verification code, 验证码, 校验码, 动态码",
    "not receive, 收不到, 没收到, 未收到, 接收不到, 没有收到, 收不到短信",
    "receive, 收到, 接收",
    "send, 发送, 发, 下发",
    "send failed, 发送失败, 发不出, 发不出去, 失败",
    "delay, 延迟, 延时, 很慢, 慢, 晚到, 迟到",
    "slow, 卡, 超时, 耗时",
    "signature, 签名",
    "template, 模板",
    "review, 审核, 审批",
    "approved, 审核通过, 通过",
    "rejected, 驳回, 拒绝, 不通过",
    "invoice, 发票, 开票",
    "unsubscribe, 退订, 取消订阅",
    "blocklist, 黑名单, 拉黑",
    "country code, 国家码, 区号, 国际区号",
    "international, 国际, 海外, 境外",
    "mainland china, 国内, 大陆",
    "sensitive words, 敏感词, 违禁词",
    "reply, 回复, 回信",
    "short url, 短链接, 短链",
    "wechat, 微信, 小程序",
    "error code, 错误码, 错误代码, 报错",
    "error, 错误",
    "phone number, 手机号, 手机号码, 号码, 手机",
    "number, 号",
    "secretid, 密钥, 秘钥",
    "appid, 应用id",
    "api, 接口",
    "bulk, 群发, 批量",
    "deduplication, 去重, 重复",
    "asterisks, 星号",
    "frequency limit, 频率限制, 限频, 频率",
    "limit, 限制",
    "console, 控制台",
    "records, 记录, 发送记录",
    "status, 状态",
    "each message, 每条",
    "content, 内容",
    "server, 服务器",
    "personal, 个人",
    "marketing, 营销",
    "carrier, 运营商",
)

# The words customers use for what the articles call otherwise (also loaded as editable Synonym
# rows by load_search_synonyms, so admins see them; they apply whether or not those rows exist).
ENGLISH_GROUPS: tuple[str, ...] = (
    "blocklist, blacklist, block list, blocked list, denylist",
    "sms, text, text message, texts",
    "verification code, code, otp, one-time password, passcode, captcha",
    "not receive, never got, never received, didn't get, didn't receive, did not get, not getting,"
    " not arriving, never arrived, didn't arrive, not delivered, no sms",
    "receive, arrive, deliver",
    "late, delay, delayed, lag",
    "slow, long time, takes long, latency, timeout",
    "unsubscribe, opt out, unsubscription, stop messages",
    "mobile number, phone number, cell number, mobile, phone, cellphone",
    "sender, sender id, from number, sending number, number used to send",
    "secretid, secret id, access key id, accesskey id, accesskey, api key, credentials",
    "secretkey, secret key, access key secret, accesskey secret",
    "appid, app id, sdkappid, application id",
    "appkey, app key, application key",
    "sig, signature verification, signature check",
    "invoice, receipt, billing, bill, vat",
    "template, content template, message template",
    "sensitive words, banned words, forbidden words, prohibited words, blocked words",
    "review, approval, audit, moderation, approve",
    "bulk, mass, batch, group sending, many numbers",
    "deduplication, deduplicate, duplicate, duplicates, dedupe",
    "short url, short link, shortened link",
    "wechat, weixin, mini program",
    "reply, replies, respond, answer back, text back, write back",
    "country code, region code, calling code, dialling code, dialing code, international prefix",
    "outside mainland china, overseas, abroad, foreign server",
    "asterisks, asterisk, stars, masked, hidden digits",
    "json, request body, payload",
    "ticket, support ticket, contact support, help desk, customer service, agent",
    "help, assistance",
    "troubleshoot, fix, solve",
    "persistent connection, keep-alive, keepalive, long connection, connection reuse",
    "time limit, window, expiry, expires, deadline",
    "different sms messages, personalized, personalised, custom content, individual messages",
    "records, logs, history, delivery records, send records",
)


_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_LONGEST = 8


def _build() -> tuple[dict[str, str], dict[str, str]]:
    entries: dict[str, str] = {}
    english: dict[str, str] = {}
    for group in CHINESE_GLOSSARY:
        terms = [term.strip() for term in group.split(",") if term.strip()]
        for term in terms[1:]:
            entries[term] = term
            english[term] = terms[0]
    return entries, english


_ENTRIES, _ENGLISH = _build()


def segment(text: str) -> str:
    """`text` with each run of Chinese characters cut into glossary entries, space-separated."""

    def cut(match: re.Match[str]) -> str:
        run, words, position = match.group(0), [], 0
        while position < len(run):
            for size in range(min(_LONGEST, len(run) - position), 0, -1):
                if run[position : position + size] in _ENTRIES:
                    words.append(run[position : position + size])
                    position += size
                    break
            else:
                position += 1  # a character no entry covers
        return " " + " ".join(words) + " " if words else " "

    return _CJK_RUN.sub(cut, text)


def in_english(text: str) -> str:
    """`text` with its Chinese read into the glossary's English (for the embedding model)."""
    segmented = segment(text)
    return " ".join(_ENGLISH.get(word, word) for word in segmented.split())


def groups() -> list[tuple[str, ...]]:
    """The glossary and the shipped English groups, in the shape faq.models.Synonym.terms gives."""
    return [
        tuple(term.strip().lower() for term in group.split(",") if term.strip())
        for group in (*CHINESE_GLOSSARY, *ENGLISH_GROUPS)
    ]

"""The fixed slugs of the 26 default articles, in the seed FAQ's order (entry 1 first)."""

DEFAULT_ARTICLE_SLUGS = [
    "sms-not-received", "slow-api-calls", "sms-arrives-late", "number-blocklists", "error-1004",
    "error-1014", "error-1016", "error-60008", "error-1001", "api-secretid-secretkey", "sdk-appid-appkey",
    "wechat-short-url-redirect", "reply-time-limit", "view-user-replies", "sender-number",
    "different-messages-different-numbers", "contact-support", "sensitive-words", "message-review",
    "number-not-in-console", "server-outside-mainland-china", "bulk-sms", "number-deduplication",
    "invoices", "asterisks-in-preview", "country-codes",
]

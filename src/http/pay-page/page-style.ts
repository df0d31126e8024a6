/** The page's stylesheet, a static file like the script (style-src 'self'). */
export const PAGE_STYLE = `*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#f5f6f8}
main{max-width:28rem;margin:2rem auto;padding:1.5rem;background:#fff;border-radius:12px;box-shadow:0 1px 4px rgba(0,0,0,.12)}
h1{font-size:1.1rem;margin:0 0 .5rem;color:#555;font-weight:600}
.amount{font-size:2rem;font-weight:700;margin:0}
.description{margin:.25rem 0 1.25rem;color:#444}
label{display:block;font-size:.85rem;color:#555;margin-top:.75rem}
.field{height:2.75rem;padding:0 .75rem;border:1px solid #c8ccd2;border-radius:8px;background:#fff}
.field.braintree-hosted-fields-focused{border-color:#2457d6}
.field.braintree-hosted-fields-invalid{border-color:#c62828}
.note{font-size:.85rem;color:#555}
button{width:100%;margin-top:1.25rem;padding:.8rem;font-size:1rem;font-weight:600;color:#fff;background:#2457d6;border:0;border-radius:8px;cursor:pointer}
button:disabled{background:#9aa9cf;cursor:default}
[data-state=completed] .status,[data-state=already_paid] .status{color:#1b7a35;font-weight:600}
[data-state=declined] .status,[data-state=refused] .status,[data-state=setup_failed] .status,[data-state=error] .status{color:#c62828}
.status{margin:1rem 0 0}
`;

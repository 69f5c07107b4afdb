// Everything the widget looks like, inside its shadow root. `:host { all: initial }` (important, so that it
// wins over the page's own !important rules) stops the page's inherited styles at the host element.
export const CSS = `
:host{all:initial!important}
*{box-sizing:border-box}
.launcher,.panel{--accent:#4338ca;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1f2937;letter-spacing:normal;word-spacing:normal;text-align:left;text-transform:none;-webkit-font-smoothing:antialiased}
button,textarea{font:inherit;color:inherit;letter-spacing:inherit;margin:0}
button{cursor:pointer}
:focus{outline:none}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.head :focus-visible{outline-color:#fff}
.launcher{position:fixed;right:20px;bottom:20px;z-index:2147483000;width:56px;height:56px;padding:0;border:0;border-radius:50%;background:var(--accent);color:#fff;display:flex;align-items:center;justify-content:center;box-shadow:0 4px 14px rgba(0,0,0,.3)}
.launcher:hover{filter:brightness(.88)}
.left{right:auto;left:20px}
.avatar{flex:none;width:28px;height:28px;border-radius:50%;object-fit:cover;background:#fff}
.greeting{align-self:flex-start;max-width:88%;padding:8px 12px;border-radius:14px;border-bottom-left-radius:4px;background:#fff;border:1px solid #e2e8f0}
svg{width:26px;height:26px;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round}
.panel{position:fixed;right:20px;bottom:88px;z-index:2147483001;width:380px;height:600px;max-width:calc(100vw - 40px);max-height:calc(100vh - 108px);display:flex;flex-direction:column;background:#fff;border-radius:14px;box-shadow:0 12px 40px rgba(0,0,0,.3);overflow:hidden}
[hidden]{display:none!important}
.head{display:flex;flex-wrap:wrap;align-items:center;column-gap:8px;padding:10px 10px 10px 16px;background:var(--accent);color:#fff}
h2{flex:1;min-width:0;margin:0;font-size:16px;font-weight:600;line-height:1.3}
.progress{flex-basis:100%;margin:-2px 0 2px;display:flex;align-items:center;gap:6px;font-size:12px;opacity:.95;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.progress>span{flex:none}
.progress>.name{flex:0 1 auto;min-width:0;overflow:hidden;text-overflow:ellipsis}
.bar{width:56px;height:6px;border-radius:3px;background:rgba(255,255,255,.35);overflow:hidden}
.fill{display:block;height:100%;width:0;background:#fff}
.close{flex:none;width:36px;height:36px;padding:0;border:0;border-radius:8px;background:transparent;color:#fff;display:flex;align-items:center;justify-content:center}
.close:hover{background:rgba(255,255,255,.15)}
.close svg{width:22px;height:22px}
.log{flex:1;overflow-y:auto;padding:14px 12px;display:flex;flex-direction:column;gap:8px;background:#f8fafc;overscroll-behavior:contain}
.empty{margin:auto;color:#64748b;text-align:center;padding:0 16px}
.msg{max-width:88%;padding:8px 12px;border-radius:14px;overflow-wrap:anywhere}
.msg[data-role=tutor]{align-self:flex-start;background:#fff;border:1px solid #e2e8f0;border-bottom-left-radius:4px}
.msg[data-role=learner]{align-self:flex-end;background:var(--accent);color:#fff;border-bottom-right-radius:4px;white-space:pre-wrap}
.msg p,.msg ul,.msg pre{margin:0 0 6px}
.msg>:last-child{margin-bottom:0}
.msg ul{padding-left:20px}
.msg code{font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#eef2ff;border-radius:4px;padding:1px 4px}
.msg pre{background:#eef2ff;border-radius:8px;padding:8px;overflow-x:auto}
.msg pre code{padding:0;background:none;white-space:pre}
.row{display:flex;flex-wrap:wrap;gap:6px;align-self:flex-start;max-width:100%}
.choice{padding:6px 12px;border:1px solid var(--accent);border-radius:999px;background:#fff;color:var(--accent);text-align:left}
.choice:hover{background:#eef2ff}
.file{color:var(--accent);font-size:14px}
.status{min-height:0;padding:0 14px;font-size:13px;color:#475569;display:flex;align-items:center;gap:8px}
.status:not(:empty){padding:6px 14px}
.status[data-kind=error]{color:#b91c1c;background:#fef2f2}
.retry{padding:2px 10px;border:1px solid currentColor;border-radius:6px;background:transparent;font-size:13px}
.compose{display:flex;align-items:flex-end;gap:8px;padding:10px;border-top:1px solid #e2e8f0;background:#fff}
textarea{flex:1;min-width:0;resize:none;height:40px;max-height:120px;padding:9px 12px;border:1px solid #cbd5e1;border-radius:10px;background:#fff;line-height:1.4}
textarea:focus-visible{outline-offset:0}
.send{flex:none;width:40px;height:40px;padding:0;border:0;border-radius:10px;background:var(--accent);color:#fff;display:flex;align-items:center;justify-content:center}
.send svg{width:20px;height:20px}
.sr{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
@media (max-width:480px){.panel{inset:0;width:100%;height:100%;max-width:none;max-height:none;border-radius:0}textarea{font-size:16px}}
@media (forced-colors:active){.msg,.choice,.launcher,.send{border:1px solid CanvasText}}
`;

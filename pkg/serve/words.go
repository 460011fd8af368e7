package serve

import "github.com/zhijian-qa/zhijian/pkg/msg"

// words are the workbench's texts, keyed, in Chinese and English: one table, not
// literals split at print time.
var wordTable = map[string][2]string{
	"title":               {"质检复核", "QA review"},
	"queue":               {"复核队列", "Review queue"},
	"dashboard":           {"看板", "Dashboard"},
	"batch":               {"批次", "Batch"},
	"run":                 {"运行", "Run"},
	"created":             {"创建", "Created"},
	"calls":               {"通话", "Calls"},
	"reviewed":            {"已复核", "Reviewed"},
	"no batches":          {"还没有复核批次：先 zhijian check --store，再 zhijian sample", "No review batch yet: zhijian check --store, then zhijian sample"},
	"path":                {"文件", "File"},
	"agent":               {"坐席", "Agent"},
	"customer":            {"客户", "Customer"},
	"reason":              {"原因", "Why"},
	"score":               {"得分", "Score"},
	"after":               {"复核后", "After review"},
	"verdict":             {"结论", "Verdict"},
	"pass":                {"合格", "pass"},
	"fail":                {"不合格", "fail"},
	"findings":            {"问题", "Findings"},
	"transcript":          {"转写", "Transcript"},
	"confirm":             {"确认", "Confirm"},
	"reject":              {"驳回", "Reject"},
	"confirmed":           {"已确认", "confirmed"},
	"rejected":            {"已驳回", "rejected"},
	"comment":             {"备注", "Comment"},
	"missed":              {"补记漏检", "Add a missed violation"},
	"missed list":         {"已补记的漏检", "Missed violations added"},
	"line":                {"行", "Line"},
	"concept":             {"概念", "Concept"},
	"add":                 {"补记", "Add"},
	"next":                {"下一通", "Next call"},
	"keys":                {"快捷键：j/k 上下选问题，c 确认，r 驳回，m 补记漏检，n 下一通", "Keys: j/k move between findings, c confirm, r reject, m add a missed violation, n next call"},
	"stale":               {"另一位复核员刚保存过这通电话：已刷新，请再看一遍", "Another reviewer saved this call first: it has been reloaded, please look again"},
	"reviewer":            {"复核员", "Reviewer"},
	"logout":              {"退出登录", "Log out"},
	"week":                {"周", "Week"},
	"team":                {"班组", "Team"},
	"pass rate":           {"合格率", "Pass rate"},
	"mean":                {"平均分", "Mean score"},
	"top rules":           {"问题最多的规则", "Rules with the most findings"},
	"rule":                {"规则", "Rule"},
	"count":               {"次数", "Findings"},
	"agreement":           {"复核员与机器的一致（按概念）", "Reviewers and the machine (per concept)"},
	"disagreements":       {"分歧", "Disagreements"},
	"login":               {msg.Sprintf("serve.log-open-login-token-name"), "log in: open /login?token=…&name=your name"},
	"not in batch":        {msg.Sprintf("serve.call-not-this-batch"), "the call is not in this batch"},
	"concept needed":      {msg.Sprintf("serve.missed-violation-needs-concept"), "a missed violation needs a concept"},
	"not said":            {"（未出现）", "(not said)"},
	"fatal":               {"红线", "fatal"},
	"appeals":             {"申诉", "Appeals"},
	"appeal":              {"申诉", "Appeal"},
	"appeal reason":       {"申诉理由", "Why the finding is wrong"},
	"no appeals":          {"没有申诉", "No appeals"},
	"open":                {"待处理", "open"},
	"upheld":              {"维持", "upheld"},
	"overturned":          {"撤销", "overturned"},
	"uphold":              {"维持问题", "Uphold"},
	"overturn":            {"撤销问题", "Overturn"},
	"note":                {"说明", "Note"},
	"decided by":          {"处理人", "Decided by"},
	"status":              {"状态", "Status"},
	"act:review":          {"复核", "review"},
	"act:decide":          {"处理申诉", "decide appeals"},
	"act:appeal":          {"申诉", "appeal"},
	"name":                {"用户名", "Name"},
	"password":            {"密码", "Password"},
	"log in":              {"登录", "Log in"},
	"login failed":        {"用户名或密码不对", "Wrong name or password"},
	"too large":           {"请求太大：工作台的表单不超过 1 MB", "request too large: the workbench's forms are under 1 MB"},
	"bad form":            {"表单无法读取", "the form cannot be read"},
	"bad version":         {"表单缺少页面版本：请刷新页面再保存", "the form has no page version: reload the page and save again"},
	"bad line":            {"行应为从 1 起的行号（整通不填），而不是 %q", "the line is a line number from 1 (empty for the whole call), not %q"},
	"bad appeal decision": {"申诉的处理应为 upheld（维持）或 overturned（撤销），而不是 %q", "an appeal is upheld or overturned, not %q"},
	"locked":              {"登录失败次数过多：请 %d 分钟后再试", "too many failed logins: try again in %d minutes"},
}

func words(en bool, key string) string {
	w, ok := wordTable[key]
	if !ok {
		return key
	}
	if en {
		return w[1]
	}
	return w[0]
}

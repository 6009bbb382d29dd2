-- submit.lua: a person submits an appeal — POST /api/v1/appeals, no login (the bench
-- server raises intake.submissions_per_hour so the per-address limit does not answer 429).
-- The answer (201) means the appeal is committed and fsynced (group commit).
dofile(os.getenv("BENCH_LUA") .. "/report.lua")
local community = os.getenv("BENCH_COMMUNITY")
local bodies = {}
local samples = {
   {"property", "小区路灯坏了", "您好，小区门口到三栋之间的路灯坏了一周多，晚上很黑，老人小孩出行不安全，之前已经向物业反映过好几次，但一直没有得到解决，希望尽快维修，谢谢！"},
   {"environment", "夜间施工噪音扰民", "附近工地每天晚上十一点以后还在施工，噪音很大，影响休息。周边很多居民都有同样的意见，恳请相关部门重视，尽快给予答复。"},
   {"traffic", "路口缺少红绿灯", "学校门口的路口车流量大，没有红绿灯，上下学时段很危险，附近老人和小孩比较多，存在一定的安全隐患，建议增设信号灯。"},
   {"utilities", "小区突然停水", "小区从今天早上开始停水，没有提前通知，居民生活受影响，我们打过热线电话，对方说会转给相关部门处理，希望尽快恢复供水。"},
}
for _, s in ipairs(samples) do
   bodies[#bodies + 1] = string.format(
      '{"category":"%s","title":"%s","description":"%s","channel":"web",' ..
      '"submitter":{"type":"resident","name":"张伟","phone":"13800138000"},' ..
      '"location":{"community_id":%s,"address":"幸福路1号"}}', s[1], s[2], s[3], community)
end
local headers = {["Content-Type"] = "application/json"}
local i = 0

function request()
   i = i + 1
   return wrk.format("POST", "/api/v1/appeals", headers, bodies[i % #bodies + 1])
end

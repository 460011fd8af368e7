module github.com/zhijian-qa/zhijian

go 1.26.8

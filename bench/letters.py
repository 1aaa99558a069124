#!/usr/bin/env python3
"""A unit with N departments, each with a head: the data of the letters benchmark
(bench/README.md, "Letters"). Usage: letters.py N > unit.json"""
import json
import sys

n = int(sys.argv[1])
depts = [{"id": "d%04d" % i, "name": "第%d研究所" % (i + 1), "parent": None} for i in range(n)]
people = [{"id": "p%04d" % i, "name": "负责人%d号" % (i + 1), "org": "bench", "department": "d%04d" % i} for i in range(n)]
appts = [{"person": "p%04d" % i, "post": "department_head", "org": "bench", "department": "d%04d" % i,
          "from": "2020-01-01", "to": None} for i in range(n)]
json.dump({"format": "zeren/v1",
           "organizations": [{"id": "bench", "name": "基准测试单位", "kind": "university", "parent": None,
                              "policy": "default", "departments": depts}],
           "people": people, "appointments": appts}, sys.stdout, ensure_ascii=False)

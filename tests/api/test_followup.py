"""Issue 22 (the UI in an office's first week), the server's side: error replies carry a reason a
client can put in its own words (besides code, field and message), and the accountability
clauses say why they apply as a code, not only as Chinese text."""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from harness import ServerTestCase  # noqa: E402

U = "/api/v1/units/demo"


class ErrorReasonTest(ServerTestCase):
    def test_reasons_of_a_refused_person(self):
        office = self.as_("office")
        cases = [
            ({"id": "p-r1"}, "name", "missing"),
            ({"id": "p-r2", "name": ""}, "name", "empty"),
            ({"id": "p-r3", "name": 7}, "name", "not_a_string"),
            ({"id": "p-r4", "name": "甲", "department": "no-such-dept"}, "department", "unknown_ref"),
            ({"id": "p-r5", "name": "甲", "background_check": "2026-13-01"}, "background_check", "bad_date"),
            ({"id": "p-r6", "name": "甲", "colour": "red"}, "colour", "unknown_field"),
        ]
        for body, field, reason in cases:
            r = office.post(U + "/people", body)
            self.assertStatus(r, 422, "invalid")
            err = r.json()["error"]
            self.assertEqual((err["field"], err.get("reason")), (field, reason), r)
            self.assertTrue(err["message"], r)  # the message stays for readers of the raw reply
            self.assertEqual(office.get(U + "/people/" + body["id"]).status, 404, "nothing was written")

    def test_no_reason_where_none_is_known(self):
        r = self.as_("office").post(U + "/people", [1, 2])
        self.assertStatus(r, 422, "invalid")
        self.assertNotIn("reason", r.json()["error"])


class AccountabilityCaseTest(ServerTestCase):
    def test_clauses_say_their_case(self):
        r = self.as_("office").get(U + "/incidents/inc-2026-01/accountability")
        self.assertStatus(r, 200)
        clauses = r.json()["clauses"]
        cases = {c["case"] for c in clauses}
        self.assertIn("always", cases)
        self.assertTrue(cases <= {"always", "tampered", "outage", "leak", "critical", "unreported"}, cases)
        for c in clauses:
            if c["case"] == "always":
                self.assertNotRegex(c["why"], "[A-Za-z]", "the Chinese text is Chinese only")


if __name__ == "__main__":
    unittest.main()

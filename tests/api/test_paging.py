"""Lists paged and kept with the unit's view (issue 20): every page of a list — the registers,
appointments, obligations — is the slice of the whole list with the same filters, in the same
order; a page asked again is sent from the view (the same bytes) until a write changes the unit,
and never to an account that would see another list."""
import unittest

from harness import DEMO_ON, ServerTestCase

U = "/api/v1/units/demo"

# Lists with and without filters (each as the path and query before the paging).
LISTS = [
    "systems?as_of=" + DEMO_ON,
    "systems?as_of=%s&q=%%E7%%B3%%BB%%E7%%BB%%9F" % DEMO_ON,  # q=系统
    "agreements?as_of=" + DEMO_ON,
    "appointments?as_of=" + DEMO_ON,
    "appointments?as_of=%s&current=true" % DEMO_ON,
    "appointments?as_of=%s&post=security_admin" % DEMO_ON,
    "obligations?as_of=" + DEMO_ON,
    "obligations?as_of=%s&status=overdue" % DEMO_ON,
    "vulnerabilities",
    "trainings",
]


class PagingTest(ServerTestCase):

    def whole(self, client, query):
        r = client.get("%s/%s&per_page=200" % (U, query) if "?" in query else "%s/%s?per_page=200" % (U, query))
        self.assertStatus(r, 200)
        body = r.json()
        self.assertLessEqual(body["total"], 200, query)  # the demo's lists fit one page of 200
        self.assertEqual(len(body["items"]), body["total"], query)
        return body["items"]

    def page(self, client, query, page, per_page):
        sep = "&" if "?" in query else "?"
        r = client.get("%s/%s%spage=%d&per_page=%d" % (U, query, sep, page, per_page))
        self.assertStatus(r, 200)
        return r

    def test_pages_are_slices_of_the_whole(self):
        office = self.as_("office")
        nonempty = 0
        for query in LISTS:
            whole = self.whole(office, query)
            nonempty += bool(whole)
            for per_page in (1, 3, 7):
                items = []
                for p in range(1, len(whole) // per_page + 3):  # and one page past the end
                    body = self.page(office, query, p, per_page).json()
                    self.assertEqual(body["total"], len(whole), query)
                    self.assertEqual((body["page"], body["per_page"]), (p, per_page))
                    self.assertEqual(body["items"], whole[(p - 1) * per_page:p * per_page], (query, p, per_page))
                    items += body["items"]
                self.assertEqual(items, whole, (query, per_page))
        self.assertGreaterEqual(nonempty, 6)  # the test compares real lists

    def test_filters_narrow_the_list(self):
        office = self.as_("office")
        every = self.whole(office, "appointments?as_of=" + DEMO_ON)
        admins = self.whole(office, "appointments?as_of=%s&post=security_admin" % DEMO_ON)
        self.assertTrue(admins)
        self.assertLess(len(admins), len(every))
        self.assertEqual(admins, [a for a in every if a.get("post") == "security_admin"])
        overdue = self.whole(office, "obligations?as_of=%s&status=overdue" % DEMO_ON)
        self.assertEqual(overdue, [d for d in self.whole(office, "obligations?as_of=" + DEMO_ON)
                                   if d["status"] == "overdue"])

    def test_a_page_again_follows_writes_and_accounts(self):
        office = self.as_("office")
        query = "systems?as_of=" + DEMO_ON
        first = self.page(office, query, 1, 200)
        again = self.page(office, query, 1, 200)
        self.assertEqual(first.body, again.body)  # sent again as it was
        system = first.json()["items"][0]
        r = office.put("%s/systems/%s" % (U, system["id"]), {"name": system["name"] + "（改）"})
        self.assertStatus(r, 200)
        after = self.page(office, query, 1, 200).json()["items"]
        self.assertEqual(next(s for s in after if s["id"] == system["id"])["name"], system["name"] + "（改）")
        # the same query by an account that sees less: its own list, not the office's
        nic = self.page(self.as_("liaison.nic"), query, 1, 200).json()
        self.assertEqual({s["id"] for s in nic["items"]}, {"mail"})
        self.assertEqual(nic["total"], 1)
        self.assertGreater(len(after), 1)
        # a query the same but for an empty value ("?q=" is not "?q"), and a bad one, answered
        # on their own
        self.assertStatus(office.get("%s/appointments?as_of=%s&post=" % (U, DEMO_ON)), 400, "bad_parameter")
        self.assertStatus(office.get("%s/appointments?as_of=%s&post" % (U, DEMO_ON)), 200)

    def test_a_detail_again_follows_writes_and_accounts(self):
        # a person's detail is kept with the view too: the same bytes again, a write shown at
        # once, another account's scope answered on its own (issue 20)
        office = self.as_("office")
        path = "%s/people/p-zhudan" % U
        first = office.get(path)
        self.assertStatus(first, 200)
        self.assertEqual(office.get(path).body, first.body)
        name = first.json()["name"]
        self.assertStatus(office.put(path, {"name": name + "改"}), 200)
        self.assertEqual(office.get(path).json()["name"], name + "改")
        self.assertStatus(self.as_("liaison.nic").get(path), 403, "out_of_scope")
        self.assertStatus(office.get("%s/people/p-nobody" % U), 404)
        self.assertEqual(office.get(path).json()["name"], name + "改")


if __name__ == "__main__":
    unittest.main()

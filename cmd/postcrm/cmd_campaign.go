package main

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strconv"

	"postcrm"
	"postcrm/campaign"
	"postcrm/demo"
	"postcrm/ingest"
	"postcrm/sqlstore"
)

// runCampaign lists the campaigns, measures one's effect, writes its
// workbook or imports a list of gifts handed out: campaign list | effect
// ID [--json] | export ID [-o FILE] | import ID FILE [--rejects PATH].
func runCampaign(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "campaign", "list | effect ID [--json] | export ID [-o FILE.xlsx] | import ID FILE [--rejects PATH]")
	asJSON := fs.Bool("json", false, "effect：输出 JSON")
	out := fs.String("o", "", "export：工作簿文件（默认 campaign-ID.xlsx）")
	rejects := fs.String("rejects", "", "import：退回文件（默认 FILE.rejects.csv）")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	rest := fs.Args()
	if len(rest) == 0 {
		fs.Usage()
		return fmt.Errorf("请说明 list、effect 还是 export")
	}
	province := postcrm.Scope{Role: postcrm.RoleProvinceAdmin}
	return withStore(ctx, e, func(s *sqlstore.Store) error {
		if rest[0] == "list" {
			cs, err := s.Campaigns(ctx, province)
			if err != nil {
				return err
			}
			for _, c := range cs {
				fmt.Fprintf(e.stdout, "%d\t%s\t%s 至 %s\t礼品 %d 份，成本 %s 元，预算 %s 元\n", c.ID, c.Name, c.From, c.To,
					c.Gifts, postcrm.Yuan(c.CostFen), postcrm.Yuan(c.BudgetFen))
			}
			return nil
		}
		if len(rest) < 2 {
			return fmt.Errorf("请给出活动编号")
		}
		id, err := strconv.ParseInt(rest[1], 10, 64)
		if err != nil {
			return fmt.Errorf("活动编号 %q 不对", rest[1])
		}
		c, err := s.Campaign(ctx, province, id)
		if err != nil {
			return err
		}
		if rest[0] == "import" {
			if len(rest) < 3 {
				return fmt.Errorf("请给出礼品登记文件")
			}
			path := rest[2]
			rj := *rejects
			if rj == "" {
				rj = path + ".rejects.csv"
			}
			res, err := campaign.ImportGifts(ctx, s, province, cliActor, id, path, filepath.Base(path), rj)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "%s：读到 %d 行，登记礼品 %d 份，已登记过 %d 份，退回 %d 行", res.Source, res.Read, res.Recorded, res.Already, len(res.Rejected))
			if len(res.Rejected) > 0 {
				fmt.Fprintf(e.stdout, "（见 %s）", rj)
			}
			fmt.Fprintln(e.stdout)
			return nil
		}
		eff, err := campaign.Measure(ctx, s, c.Campaign, c.Gifts, c.CostFen)
		if err != nil {
			return err
		}
		switch rest[0] {
		case "effect":
			if *asJSON {
				enc := json.NewEncoder(e.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(eff)
			}
			fmt.Fprintf(e.stdout, "%s（%s 至 %s）\n", c.Name, c.From, c.To)
			for _, line := range campaign.Summary(eff) {
				fmt.Fprintln(e.stdout, line)
			}
			return nil
		case "export":
			gifts, err := s.Gifts(ctx, province, id)
			if err != nil {
				return err
			}
			offices, err := officeMap(ctx, s)
			if err != nil {
				return err
			}
			path := *out
			if path == "" {
				path = fmt.Sprintf("campaign-%d.xlsx", id)
			}
			if err := writeWorkbook(path, campaign.Workbook(c, gifts, offices, eff, "全省")); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "已写入 %s：礼品 %d 份，成本 %s 元\n", path, len(gifts), postcrm.Yuan(c.CostFen))
			return nil
		}
		return fmt.Errorf("不认识 %q：请用 list、effect、export 或 import", rest[0])
	})
}

func officeMap(ctx context.Context, s *sqlstore.Store) (map[string]postcrm.Office, error) {
	os, err := s.Offices(ctx)
	if err != nil {
		return nil, err
	}
	m := make(map[string]postcrm.Office, len(os))
	for _, o := range os {
		m[o.Code] = o
	}
	return m, nil
}

// demoCampaign runs the demo's campaign (see demo.SimulateCampaign):
// imports its new members and their waybills, stores the campaign,
// records a gift for each planted member's first item, and sets the last
// month's member targets at a tenth above the month before.
func demoCampaign(ctx context.Context, e *env, s *sqlstore.Store, opts demo.Options, last postcrm.Date) error {
	res, err := demo.SimulateCampaign(opts, demo.DefaultCampaignSim)
	if err != nil {
		return fmt.Errorf("模拟营销活动: %w", err)
	}
	for _, f := range res.Files {
		if f.Kind == "" {
			continue
		}
		if _, err := importQuietly(ctx, e, s, f.Kind, filepath.Join(opts.Dir, f.Name), ingest.Options{}); err != nil {
			return err
		}
		if err := demo.AddToManifest(opts.Dir, f); err != nil {
			return err
		}
	}
	province, by := postcrm.Scope{Role: postcrm.RoleProvinceAdmin}, postcrm.Actor{User: "demo"}
	c, err := s.SaveCampaign(ctx, province, res.Campaign, by)
	if err != nil {
		return err
	}
	for _, g := range res.Gifts {
		g.CampaignID = c.ID
		if _, err := s.RecordGift(ctx, province, g, by); err != nil {
			return err
		}
	}
	month := last.YearMonth()
	counts, err := s.MemberCounts(ctx, province, month.Prev())
	if err != nil {
		return err
	}
	offices := map[string]int{}
	for _, n := range counts {
		offices[n.OfficeCode] += n.Members
		if n.StaffID != "" {
			t := postcrm.MemberTarget{Month: month, OfficeCode: n.OfficeCode, StaffID: n.StaffID, Target: n.Members + (n.Members+9)/10}
			if err := s.SetMemberTarget(ctx, province, t, by); err != nil {
				return err
			}
		}
	}
	for code, n := range offices {
		if err := s.SetMemberTarget(ctx, province, postcrm.MemberTarget{Month: month, OfficeCode: code, Target: n + (n+9)/10}, by); err != nil {
			return err
		}
	}
	fmt.Fprintf(e.stdout, "模拟营销活动“%s”（%s 至 %s，%d 个营业部）：多招会员 %d 人，真实效果每营业部每周 %.2f 人、散户收入 %.1f 元；登记礼品 %d 份。网页上“营销活动”查看效果。\n",
		c.Name, c.From, c.To, len(c.Offices), res.Members, res.MembersPerOfficeWeek, res.RevenuePerOfficeWeek, len(res.Gifts))
	return nil
}

package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"postcrm"
	"postcrm/auth"
	"postcrm/sqlstore"
)

// cliUser is who the audit log names for what the command line does.
const cliUser = "cli"

// userAction is one `postcrm user` action on a named account.
type userAction func(ctx context.Context, e *env, s auth.AccountStore, name string, f userFlags) error

type userFlags struct {
	admin    bool
	password string
}

var userActions = map[string]userAction{
	"add":            addUser,
	"reset-password": resetPassword,
	"lock":           lockUser,
	"unlock":         unlockUser,
}

// runUser manages web accounts: staff sign in with their staff ID (工号)
// and get their role from the org data; an administrator without a
// staff row is created with --admin.
func runUser(ctx context.Context, e *env, args []string) error {
	const usage = "用法: postcrm user add 用户名 [--admin] [--password 密码] | reset-password 用户名 | lock 用户名 | unlock 用户名 | list"
	if len(args) == 0 {
		return errors.New(usage)
	}
	fs := newFlags(e, "user "+args[0], "用户名 [--admin] [--password 密码]")
	var f userFlags
	fs.BoolVar(&f.admin, "admin", false, "创建省级管理员（不在机构人员数据中的账号）")
	fs.StringVar(&f.password, "password", "", "初始密码（不给则随机生成并显示一次）")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	rest := fs.Args()
	return withStore(ctx, e, func(s *sqlstore.Store) error {
		if args[0] == "list" {
			return listUsers(ctx, e, s)
		}
		act, ok := userActions[args[0]]
		if !ok {
			return fmt.Errorf("没有“user %s”，%s", args[0], usage)
		}
		if len(rest) != 1 {
			return fmt.Errorf("请指明一个用户名。%s", usage)
		}
		return act(ctx, e, s, rest[0], f)
	})
}

// accounts administers accounts in the name of cliUser.
func accounts(s auth.AccountStore) auth.Admin { return auth.Admin{Store: s, By: cliUser} }

func addUser(ctx context.Context, e *env, s auth.AccountStore, name string, f userFlags) error {
	u, oneTime, err := accounts(s).Create(ctx, name, f.admin, f.password)
	switch {
	case errors.Is(err, auth.ErrAdminIsStaff):
		return fmt.Errorf("%s 是机构人员中的工号，角色取自人员数据，不能加 --admin", name)
	case errors.Is(err, auth.ErrUnknownStaff):
		return fmt.Errorf("机构人员中没有工号 %s：请先导入机构人员，或用 --admin 创建省级管理员", name)
	case errors.Is(err, postcrm.ErrConflict):
		return fmt.Errorf("用户 %s 已存在；要重置密码请用 postcrm user reset-password %s", name, name)
	case err != nil:
		return err
	}
	fmt.Fprintf(e.stdout, "已创建用户 %s（%s）\n", u.Name, describeUser(u))
	if oneTime != "" {
		printOneTimePassword(e, oneTime)
	} else {
		fmt.Fprintln(e.stdout, "首次登录后须修改密码。")
	}
	return nil
}

func resetPassword(ctx context.Context, e *env, s auth.AccountStore, name string, _ userFlags) error {
	password, err := accounts(s).ResetPassword(ctx, name)
	if err != nil {
		return noSuchUser(name, err)
	}
	fmt.Fprintf(e.stdout, "已重置用户 %s 的密码，已解除锁定，并已在所有设备上退出登录。\n", name)
	printOneTimePassword(e, password)
	return nil
}

func lockUser(ctx context.Context, e *env, s auth.AccountStore, name string, _ userFlags) error {
	if err := accounts(s).SetLocked(ctx, name, true); err != nil {
		return noSuchUser(name, err)
	}
	fmt.Fprintf(e.stdout, "已锁定用户 %s，并已在所有设备上退出登录。\n", name)
	return nil
}

func unlockUser(ctx context.Context, e *env, s auth.AccountStore, name string, _ userFlags) error {
	if err := accounts(s).SetLocked(ctx, name, false); err != nil {
		return noSuchUser(name, err)
	}
	fmt.Fprintf(e.stdout, "已解除用户 %s 的锁定。\n", name)
	return nil
}

// noSuchUser words a missing account for the command line.
func noSuchUser(name string, err error) error {
	if errors.Is(err, postcrm.ErrNotFound) {
		return fmt.Errorf("没有用户 %s；新建请用 postcrm user add %s", name, name)
	}
	return err
}

func printOneTimePassword(e *env, password string) {
	fmt.Fprintf(e.stdout, "一次性密码：%s\n（只显示这一次，请当面或电话告知本人；首次登录后须修改密码）\n", password)
}

// describeUser is the role, name and place of an account.
func describeUser(u postcrm.User) string {
	parts := []string{u.Role.Label()}
	if u.DisplayName != u.Name {
		parts = append(parts, u.DisplayName)
	}
	for _, p := range []string{u.City, u.OfficeCode} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, "，")
}

func listUsers(ctx context.Context, e *env, s auth.AccountStore) error {
	users, err := s.Users(ctx)
	if err != nil {
		return fmt.Errorf("读取用户: %w", err)
	}
	now := time.Now()
	rows := make([][]string, len(users))
	for i, u := range users {
		last := "从未登录"
		if !u.LastSignIn.IsZero() {
			last = u.LastSignIn.In(postcrm.ChinaTime).Format("2006-01-02 15:04")
		}
		rows[i] = []string{u.Name, u.DisplayName, u.Role.Label(), u.City, u.OfficeCode, userState(u, now), last}
	}
	printTable(e.stdout, []string{"用户名", "姓名", "角色", "地市", "营业部", "状态", "最近登录"}, rows)
	return nil
}

func userState(u postcrm.User, now time.Time) string {
	switch {
	case u.Locked:
		return "已锁定"
	case now.Before(u.LockedUntil):
		return "某网络输错过多，该网络暂停登录至 " + u.LockedUntil.In(postcrm.ChinaTime).Format("15:04")
	case u.MustChangePassword:
		return "待修改初始密码"
	}
	return "正常"
}

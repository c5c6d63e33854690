package web

import (
	"slices"

	"github.com/motcua/motcua/internal/account"
)

// Access is a route's rule: who may call it. There is no default: every
// route in the table names one, and the table test checks each route
// against every role and an anonymous visitor.
type Access struct {
	anyone bool
	roles  []account.Role
}

// Allows reports whether a visitor with role r ("" when anonymous) may pass.
func (a Access) Allows(r account.Role) bool {
	return a.anyone || (r != "" && slices.Contains(a.roles, r))
}

// Declared reports whether the rule names anyone at all.
func (a Access) Declared() bool { return a.anyone || len(a.roles) > 0 }

// Roles returns a rule allowing exactly the given roles.
func Roles(rs ...account.Role) Access { return Access{roles: rs} }

var (
	// Public pages and endpoints: anyone, signed in or not.
	Public = Access{anyone: true}
	// SignedIn allows every role.
	SignedIn = Roles(account.Roles...)
	// Applicants are citizens and businesses.
	Applicants = Roles(account.RoleCitizen, account.RoleBusiness)
	// Staff are every unit role.
	Staff = Roles(account.StaffRoles...)
	// Admins administer the system.
	Admins = Roles(account.RoleAdmin)
)

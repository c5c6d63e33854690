package account

// Role is what a user may do. Every route declares the roles it allows.
type Role string

const (
	RoleCitizen  Role = "citizen"  // a person applying for themselves or others
	RoleBusiness Role = "business" // an enterprise or organisation, by tax code
	RoleClerk    Role = "clerk"    // one-stop-shop reception desk
	RoleOfficer  Role = "officer"  // department specialist who processes dossiers
	RoleLeader   Role = "leader"   // approves and signs results
	RoleAdmin    Role = "admin"    // catalogue, workflows, units, staff
)

// Roles lists every role, applicants first.
var Roles = []Role{RoleCitizen, RoleBusiness, RoleClerk, RoleOfficer, RoleLeader, RoleAdmin}

// StaffRoles lists the roles an administrator can give.
var StaffRoles = []Role{RoleClerk, RoleOfficer, RoleLeader, RoleAdmin}

// ParseRole returns the role named s.
func ParseRole(s string) (Role, bool) {
	for _, r := range Roles {
		if string(r) == s {
			return r, true
		}
	}
	return "", false
}

// Staff reports whether the role belongs to a unit's staff.
func (r Role) Staff() bool { return r != RoleCitizen && r != RoleBusiness && r != "" }

// LabelKey is the message-catalogue key of the role's name.
func (r Role) LabelKey() string { return "role." + string(r) }

// SessionUserKey is the session value holding the signed-in user's id (an
// int64). The session store also copies it into its own column so that
// every session of a user can be revoked at once.
const SessionUserKey = "uid"

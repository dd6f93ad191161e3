"""Who uses the board: the roster in users.json (name, office, role, operating-system login,
mail), which the offices' group can read, and the browser passwords' salted scrypt hashes
in passwords.json beside it, which only the web server's account can read.

With no users.json the board is in one-person mode: everyone may do everything
(core/access/identity)."""

from portboard.core.users.error import UsersError
from portboard.core.users.fields import check_login, check_mail, check_name
from portboard.core.users.passwords import check_password, hash_password, verify_password
from portboard.core.users.roster import Roster
from portboard.core.users.user import User
from portboard.core.users.user_file import UserFile

__all__ = ["Roster", "User", "UserFile", "UsersError", "check_login", "check_mail", "check_name",
           "check_password", "hash_password", "verify_password"]

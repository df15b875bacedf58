import './index.css';
import './room.css';
import './problems.css';
import './history.css';

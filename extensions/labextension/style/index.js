import './index.css';
import './room.css';
import './problems.css';
